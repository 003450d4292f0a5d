import { expect } from 'chai';
import { serverUrl } from '../../src/http/index.js';

describe('serverUrl', () => {
  const cases = [
    { host: '127.0.0.1', expected: 'http://127.0.0.1:3000' },
    { host: '0.0.0.0', expected: 'http://127.0.0.1:3000' },
    { host: '::', expected: 'http://[::1]:3000' },
    { host: '::1', expected: 'http://[::1]:3000' },
    { host: 'fe80::1', expected: 'http://[fe80::1]:3000' },
    { host: 'localhost', expected: 'http://localhost:3000' },
  ];

  for (const { host, expected } of cases) {
    it(`builds a reachable url for ${host}`, () => {
      // given a listen host and port
      // when the url is built
      const url = serverUrl(host, 3000);

      // then a client on this machine can reach it
      expect(url).to.equal(expected);
    });
  }
});
