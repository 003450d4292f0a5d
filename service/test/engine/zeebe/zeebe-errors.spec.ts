import { status as GrpcStatus } from '@grpc/grpc-js';
import { expect } from 'chai';

import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PermanentError,
  TransientError,
  UnauthorizedError,
  ValidationError,
} from '../../../src/errors/index.js';
import { callZeebe, toDocrouteError } from '../../../src/engine/zeebe/zeebe-errors.js';

type ErrorClass = abstract new (...args: never[]) => Error;

function grpcError(code: GrpcStatus, details: string): Error {
  return Object.assign(new Error(`${code} ${GrpcStatus[code]}: ${details}`), { code, details });
}

function httpError(statusCode: number, detail: string): Error {
  return Object.assign(new Error(`Response code ${statusCode}`), {
    response: { statusCode },
    detail,
  });
}

describe('Zeebe error mapping', () => {
  const grpcCases: Array<[GrpcStatus, ErrorClass]> = [
    [GrpcStatus.INVALID_ARGUMENT, ValidationError],
    [GrpcStatus.NOT_FOUND, NotFoundError],
    [GrpcStatus.ALREADY_EXISTS, ConflictError],
    [GrpcStatus.FAILED_PRECONDITION, ConflictError],
    [GrpcStatus.UNAUTHENTICATED, UnauthorizedError],
    [GrpcStatus.PERMISSION_DENIED, ForbiddenError],
    [GrpcStatus.UNAVAILABLE, TransientError],
    [GrpcStatus.DEADLINE_EXCEEDED, TransientError],
    [GrpcStatus.RESOURCE_EXHAUSTED, TransientError],
    [GrpcStatus.INTERNAL, PermanentError],
  ];
  for (const [code, expected] of grpcCases) {
    it(`maps gRPC ${GrpcStatus[code]}`, () => {
      // given
      const error = grpcError(code, 'broker reason');

      // when
      const mapped = toDocrouteError(error, { operation: 'completeJob', details: { jobKey: '1' } });

      // then
      expect(mapped).to.be.instanceOf(expected);
      expect(mapped.message).to.equal('completeJob failed: broker reason');
      expect((mapped as ValidationError).details).to.deep.include({
        jobKey: '1',
        grpcStatus: GrpcStatus[code],
      });
      expect((mapped as ValidationError).cause).to.equal(error);
    });
  }

  const httpCases: Array<[number, ErrorClass]> = [
    [400, ValidationError],
    [401, UnauthorizedError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, TransientError],
    [503, TransientError],
    [500, PermanentError],
  ];
  for (const [status, expected] of httpCases) {
    it(`maps HTTP ${status}`, () => {
      // when
      const mapped = toDocrouteError(httpError(status, 'server reason'), {
        operation: 'getUserTask',
      });

      // then
      expect(mapped).to.be.instanceOf(expected);
      expect(mapped.message).to.equal('getUserTask failed: server reason');
      expect((mapped as ValidationError).details.httpStatus).to.equal(status);
    });
  }

  it('maps a refused connection', () => {
    // given
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), {
      code: 'ECONNREFUSED',
    });

    // when
    const mapped = toDocrouteError(error, { operation: 'listUserTasks' });

    // then
    expect(mapped).to.be.instanceOf(TransientError);
  });

  it('treats a null result as closed', async () => {
    // when
    let error: unknown;
    try {
      await callZeebe({ operation: 'topology' }, async () => null);
    } catch (caught) {
      error = caught;
    }

    // then
    expect(error).to.be.instanceOf(TransientError);
    expect((error as Error).message).to.include('closed');
  });
});
