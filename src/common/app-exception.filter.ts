import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppError, httpStatusFor, type ErrorCode, type FieldErrors } from './app-error';
import { ConfirmationRequired, resentFields } from './confirmation';

/** Chinese text for statuses that reach the user without an AppError of ours. */
const STATUS_MESSAGES: Record<number, string> = {
  400: '请求有误，请检查后重试',
  401: '请先登录',
  403: '您没有权限访问该页面',
  404: '您访问的页面不存在',
  405: '不支持该操作',
  413: '提交的内容过大',
  415: '不支持该文件类型',
  422: '提交的内容有误，请按提示修改后重试',
  429: '操作过于频繁，请稍后再试',
  500: '服务器出错了，请稍后再试。问题已记录，我们会尽快处理。',
};

/**
 * multer's refusals of an upload, by multer's error code (Nest keeps multer's error as the
 * exception's cause). Like a validation error, they show the form again with the message.
 */
const UPLOAD_MESSAGES: Record<string, string> = {
  LIMIT_FILE_SIZE: '上传的文件太大，超过了本页允许的大小',
  LIMIT_FILE_COUNT: '一次只能上传一个文件',
  LIMIT_UNEXPECTED_FILE: '文件没有通过本页的文件选择框提交，请用页面上的“选择文件”重新上传',
  LIMIT_PART_COUNT: '提交的内容过多，请刷新页面后重新上传',
  LIMIT_FIELD_COUNT: '提交的内容过多，请刷新页面后重新上传',
  LIMIT_FIELD_KEY: '提交的内容有误，请刷新页面后重新上传',
  LIMIT_FIELD_VALUE: '提交的内容过长，请刷新页面后重新上传',
};

/**
 * Refusals that show the page the user was working on again (with @FormView), the message at
 * its top and what was typed still in the fields: a bad value, a bad upload (a file over its
 * limit: the text fields before the file input have been read), a rule or state that forbids
 * the change (CONFLICT), registration closed (DEADLINE_PASSED).
 */
const SAME_PAGE_CODES = new Set<string>(['VALIDATION', 'UPLOAD', 'PAYLOAD_TOO_LARGE', 'CONFLICT', 'DEADLINE_PASSED'] satisfies (
  ErrorCode | 'UPLOAD'
)[]);

/** Field values never echoed back into a re-rendered form. */
const SECRET_FIELDS = new Set(['_csrf', 'password', 'passwordConfirm', 'currentPassword']);

interface Normalised {
  status: number;
  code: string;
  message: string;
  fieldErrors?: FieldErrors;
}

/**
 * The one place that turns errors into responses: JSON under /api, otherwise the page the
 * user was working on re-rendered with the message and the typed values (a refusal on a
 * @FormView route), a confirmation page (a destructive action not yet confirmed), a redirect
 * to log-in (not signed in), or a Chinese error page. A stack trace never reaches the browser.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    if (exception instanceof ConfirmationRequired && !res.headersSent) {
      // Not an error: a destructive action asks first, and nothing has been written.
      res.status(200).render('common/confirm', {
        ...exception.confirmation,
        action: req.originalUrl,
        fields: resentFields(req.body),
      });
      return;
    }
    const error = this.normalise(exception);
    // BUSY is a refusal under load, not a fault: the request line records it, a flood writes no stack traces.
    if (error.status >= 500 && error.code !== 'BUSY') {
      // The path only: query values can hold what people typed (names, searches).
      this.logger.error(`${req.method} ${req.originalUrl.split('?')[0]}: ${(exception as Error)?.stack ?? String(exception)}`);
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error.code === 'BUSY') res.setHeader('Retry-After', '5');

    if (req.originalUrl.startsWith('/api/') || req.originalUrl === '/api') {
      // An API caller sent bad parameters (there is no form to re-render): 400, and the
      // message names them rather than pointing at a form.
      const badRequest = error.code === 'VALIDATION';
      const status = badRequest ? HttpStatus.BAD_REQUEST : error.status;
      const fieldMessages = Object.values(error.fieldErrors ?? {}).map((messages) => messages[0]);
      res.status(status).json({
        statusCode: status,
        error: error.code,
        message: badRequest && fieldMessages.length > 0 ? fieldMessages.join('；') : error.message,
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      });
      return;
    }

    if (error.status === HttpStatus.UNAUTHORIZED && req.method === 'GET') {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }

    if (SAME_PAGE_CODES.has(error.code) && req.formView) {
      try {
        const extra = await req.formView.locals();
        res.status(error.status).render(req.formView.template, {
          ...extra,
          values: this.echoValues(req.body),
          errors: error.fieldErrors ?? {},
          formError: error.message,
        });
        return;
      } catch (renderError) {
        // The form's record is not this user's (another county's product) or is gone: the
        // validation pipe ran before the ownership check, but the refusal is the answer.
        if (renderError instanceof AppError && !SAME_PAGE_CODES.has(renderError.code)) return this.catch(renderError, host);
        this.logger.error(`re-rendering ${req.formView.template} failed: ${(renderError as Error).stack}`);
      }
    }

    const template = [403, 404, 500].includes(error.status) ? `errors/${error.status}` : 'errors/error';
    res.status(error.status).render(template, { title: error.message, status: error.status, message: error.message }, (err, html) => {
      // The error page itself failed (e.g. a broken template): still answer in Chinese.
      if (err) res.type('text/plain; charset=utf-8').send(`${error.status} ${error.message}`);
      else res.send(html);
    });
  }

  private normalise(exception: unknown): Normalised {
    if (exception instanceof AppError) {
      return {
        status: httpStatusFor(exception.code),
        code: exception.code,
        message: exception.message,
        fieldErrors: exception.fieldErrors,
      };
    }
    if (exception instanceof ThrottlerException) {
      return { status: 429, code: 'RATE_LIMITED', message: STATUS_MESSAGES[429] };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const cause = exception.cause as { name?: string; code?: string } | undefined;
      if (cause?.name === 'MulterError' && cause.code && UPLOAD_MESSAGES[cause.code]) {
        return { status, code: 'UPLOAD', message: UPLOAD_MESSAGES[cause.code] };
      }
      return { status, code: HttpStatus[status] ?? 'ERROR', message: STATUS_MESSAGES[status] ?? STATUS_MESSAGES[400] };
    }
    // Errors raised by Express middleware (body parser, csrf-csrf) carry a status.
    const e = exception as { status?: number; statusCode?: number; type?: string; code?: string };
    const status = e?.status ?? e?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      if (e.code === 'EBADCSRFTOKEN') {
        return { status: 403, code: 'CSRF', message: '页面已过期或表单无效，请返回刷新页面后重新提交' };
      }
      return { status, code: HttpStatus[status] ?? 'ERROR', message: STATUS_MESSAGES[status] ?? STATUS_MESSAGES[400] };
    }
    return { status: 500, code: 'INTERNAL', message: STATUS_MESSAGES[500] };
  }

  private echoValues(body: unknown): Record<string, unknown> {
    if (!body || typeof body !== 'object') return {};
    return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([k]) => !SECRET_FIELDS.has(k)));
  }
}
