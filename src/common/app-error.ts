import { HttpStatus } from '@nestjs/common';

/**
 * Domain error codes. Services throw AppError with one of these; the one exception filter
 * maps the code to an HTTP status. The switch in httpStatusFor() is exhaustive, so a new
 * code does not compile until it has a status.
 */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'DEADLINE_PASSED'
  | 'CSRF'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  /** The server refuses work it has no room for now (a full queue): try again shortly. */
  | 'BUSY';

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'FORBIDDEN':
      return HttpStatus.FORBIDDEN;
    case 'UNAUTHENTICATED':
      return HttpStatus.UNAUTHORIZED;
    case 'VALIDATION':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'CONFLICT':
    case 'DEADLINE_PASSED':
      return HttpStatus.CONFLICT;
    case 'CSRF':
      return HttpStatus.FORBIDDEN;
    case 'RATE_LIMITED':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'PAYLOAD_TOO_LARGE':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'BUSY':
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

/** Field name → messages, as the form shows them beside each field. */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Shown to the user as it is: write it in Chinese. */
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }

  static notFound(what = '页面'): AppError {
    return new AppError('NOT_FOUND', `${what}不存在或已被删除`);
  }

  static forbidden(message = '您没有权限访问该页面'): AppError {
    return new AppError('FORBIDDEN', message);
  }

  static validation(fieldErrors: FieldErrors, message = '提交的内容有误，请按提示修改后重试'): AppError {
    return new AppError('VALIDATION', message, fieldErrors);
  }
}
