import { expect } from 'chai';
import { childrenOf, contentOf, readElement } from '../../src/signing/der-reader.js';
import {
  TAG,
  derElement,
  derSetOf,
  objectIdentifierContent,
} from '../../src/signing/der-writer.js';

describe('DER encoding', function () {
  it('encodes object identifiers', function () {
    // then: the encodings given as examples in X.690 and RFC 5652
    expect(objectIdentifierContent('1.2.840.113549').toString('hex')).to.equal('2a864886f70d');
    expect(objectIdentifierContent('1.2.840.113549.1.7.2').toString('hex')).to.equal(
      '2a864886f70d010702',
    );
    expect(objectIdentifierContent('2.16.840.1.101.3.4.2.1').toString('hex')).to.equal(
      '608648016503040201',
    );
  });

  it('rejects a malformed object identifier', function () {
    // then
    expect(() => objectIdentifierContent('1.x.3')).to.throw('Invalid object identifier 1.x.3');
  });

  it('uses long lengths above 127 bytes', function () {
    // given
    const content = Buffer.alloc(300, 0x41);

    // when
    const encoded = derElement(TAG.octetString, content);

    // then
    expect(encoded.subarray(0, 4).toString('hex')).to.equal('0482012c');
    const element = readElement(encoded, 0);
    expect(element.tag).to.equal(TAG.octetString);
    expect(contentOf(encoded, element).equals(content)).to.equal(true);
  });

  it('sorts members of a SET OF', function () {
    // given
    const second = derElement(TAG.octetString, Buffer.from([2]));
    const first = derElement(TAG.octetString, Buffer.from([1]));

    // when
    const set = derSetOf(TAG.set, [second, first]);

    // then
    const members = childrenOf(set, readElement(set, 0)).map((item) => contentOf(set, item)[0]);
    expect(members).to.deep.equal([1, 2]);
  });

  it('rejects an element longer than its buffer', function () {
    // given
    const truncated = derElement(TAG.octetString, Buffer.alloc(10)).subarray(0, 6);

    // then
    expect(() => readElement(truncated, 0)).to.throw('runs past the end');
  });
});
