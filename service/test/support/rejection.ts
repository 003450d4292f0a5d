import { expect } from 'chai';

/** Returns what `promise` was rejected with, and fails the test when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  return expect.fail('expected the call to be rejected, but it succeeded');
}
