import { expect } from 'chai';
import { ValidationError } from '../../src/errors/index.js';
import { parseSmtpUrl, redactSmtpUrl } from '../../src/mail/index.js';

describe('parseSmtpUrl', function () {
  it('reads STARTTLS and credentials', function () {
    // given / when
    const options = parseSmtpUrl({
      url: 'smtp://clerk:p%40ss@mail.example.gov.vn?starttls=required',
    });

    // then
    expect(options.host).to.equal('mail.example.gov.vn');
    expect(options.port).to.equal(587);
    expect(options.secure).to.equal(false);
    expect(options.requireTLS).to.equal(true);
    expect(options.auth).to.deep.equal({ user: 'clerk', pass: 'p@ss' });
  });

  it('reads smtps', function () {
    // given / when
    const options = parseSmtpUrl({ url: 'smtps://mail.example.gov.vn' });

    // then
    expect(options.secure).to.equal(true);
    expect(options.port).to.equal(465);
    expect(options.auth).to.equal(undefined);
  });

  it('rejects other schemes without the password', function () {
    // given / when
    const error = (() => {
      try {
        parseSmtpUrl({ url: 'http://clerk:secret@mail.example.gov.vn' });
      } catch (caught) {
        return caught;
      }
    })() as ValidationError;

    // then
    expect(error).to.be.instanceOf(ValidationError);
    expect(error.message).to.match(/smtp:\/\/ or smtps:\/\//);
    expect(JSON.stringify(error.details)).not.to.contain('secret');
  });

  it('rejects an unknown starttls mode', function () {
    // given / when / then
    expect(() => parseSmtpUrl({ url: 'smtp://mail.example.gov.vn?starttls=maybe' })).to.throw(
      ValidationError,
      /starttls must be one of/,
    );
  });

  it('redacts the password', function () {
    // given / when / then
    expect(redactSmtpUrl('smtps://clerk:secret@mail.example.gov.vn:465')).to.equal(
      'smtps://clerk:***@mail.example.gov.vn:465',
    );
  });
});
