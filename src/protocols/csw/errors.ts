import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { MeridianError, type ErrorCode } from '../../core/errors.js';
import { escapeXml } from '../../core/xml.js';
import { challengeUnauthorized } from '../../web/authentication.js';
import { OWS, OWS20, OWS20_EXCEPTION_SCHEMA, OWS_EXCEPTION_SCHEMA, XSI } from './namespaces.js';
import type { CswVersion } from './request.js';

export type OwsExceptionCode =
  | 'MissingParameterValue'
  | 'InvalidParameterValue'
  | 'VersionNegotiationFailed'
  | 'InvalidUpdateSequence'
  | 'OperationNotSupported'
  | 'NoApplicableCode'
  | 'NotFound';

interface OwsMapping {
  readonly exceptionCode: OwsExceptionCode;
  readonly status: number;
}

/**
 * The OWS exception code and HTTP status of each core error code, for CSW 2.0.2 (OWS 1.0 reports,
 * sent with 200 like every CSW 2.0.2 server, except for authentication and server faults) and for
 * CSW 3.0 (OWS 2.0 reports with the status codes of OWS 2.0 and CSW 3.0). A new core code fails to
 * compile until it is mapped here.
 */
export const cswErrors: Readonly<Record<ErrorCode, { readonly csw2: OwsMapping; readonly csw3: OwsMapping }>> = {
  InvalidParameter: { csw2: { exceptionCode: 'InvalidParameterValue', status: 200 }, csw3: { exceptionCode: 'InvalidParameterValue', status: 400 } },
  MissingParameter: { csw2: { exceptionCode: 'MissingParameterValue', status: 200 }, csw3: { exceptionCode: 'MissingParameterValue', status: 400 } },
  UnsupportedOperation: { csw2: { exceptionCode: 'OperationNotSupported', status: 200 }, csw3: { exceptionCode: 'OperationNotSupported', status: 501 } },
  // CSW 2.0.2 has no NotFound: an unknown id is an empty GetRecordById answer, a missing record to update a bad value.
  NotFound: { csw2: { exceptionCode: 'InvalidParameterValue', status: 200 }, csw3: { exceptionCode: 'NotFound', status: 404 } },
  Conflict: { csw2: { exceptionCode: 'NoApplicableCode', status: 200 }, csw3: { exceptionCode: 'NoApplicableCode', status: 409 } },
  PayloadTooLarge: { csw2: { exceptionCode: 'NoApplicableCode', status: 413 }, csw3: { exceptionCode: 'NoApplicableCode', status: 413 } },
  Unauthorized: { csw2: { exceptionCode: 'NoApplicableCode', status: 401 }, csw3: { exceptionCode: 'NoApplicableCode', status: 401 } },
  Forbidden: { csw2: { exceptionCode: 'NoApplicableCode', status: 403 }, csw3: { exceptionCode: 'NoApplicableCode', status: 403 } },
  UpstreamFailed: { csw2: { exceptionCode: 'NoApplicableCode', status: 200 }, csw3: { exceptionCode: 'NoApplicableCode', status: 502 } },
  Unavailable: { csw2: { exceptionCode: 'NoApplicableCode', status: 503 }, csw3: { exceptionCode: 'NoApplicableCode', status: 503 } },
  Internal: { csw2: { exceptionCode: 'NoApplicableCode', status: 500 }, csw3: { exceptionCode: 'NoApplicableCode', status: 500 } },
};

/** Exceptions that exist in OWS only; thrown only inside the CSW adapter. */
export class OwsException extends Error {
  readonly exceptionCode: 'VersionNegotiationFailed' | 'InvalidUpdateSequence';
  readonly locator?: string;

  constructor(exceptionCode: OwsException['exceptionCode'], message: string, locator?: string) {
    super(message);
    this.name = 'OwsException';
    this.exceptionCode = exceptionCode;
    if (locator !== undefined) this.locator = locator;
  }
}

export interface OwsReport {
  readonly exceptionCode: OwsExceptionCode;
  readonly locator?: string;
  readonly text: string;
}

/** An exception report: OWS 1.0 (`version="1.2.0"`) for CSW 2.0.2, OWS 2.0 for CSW 3.0. */
export function renderExceptionReport(report: OwsReport, version: CswVersion): string {
  const v3 = version === '3.0.0';
  const [ns, schema, reportVersion] = v3 ? [OWS20, OWS20_EXCEPTION_SCHEMA, '2.0.0'] : [OWS, OWS_EXCEPTION_SCHEMA, '1.2.0'];
  const language = v3 ? ' xml:lang="en"' : ' language="en"';
  const locator = report.locator === undefined ? '' : ` locator="${escapeXml(report.locator)}"`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<ows:ExceptionReport xmlns:ows="${ns}" xmlns:xsi="${XSI}" version="${reportVersion}"${language} xsi:schemaLocation="${ns} ${schema}">` +
    `<ows:Exception exceptionCode="${report.exceptionCode}"${locator}><ows:ExceptionText>${escapeXml(report.text)}</ows:ExceptionText></ows:Exception>` +
    '</ows:ExceptionReport>\n'
  );
}

/** The version a request was answered in, once known; exception reports follow it. */
export function setAnswerVersion(res: Response, version: CswVersion): void {
  res.locals.cswVersion = version;
}

function answerVersion(res: Response): CswVersion {
  return res.locals.cswVersion === '3.0.0' ? '3.0.0' : '2.0.2';
}

/** Parameters the core names in its errors, as CSW names them. */
const CSW_LOCATORS: Readonly<Record<string, string>> = { filter: 'Constraint', sortby: 'SortBy', token: 'startPosition' };

/** Errors of express's body parsers (too large a body, unreadable encoding). */
function bodyParserError(error: unknown): MeridianError | undefined {
  const e = error as { type?: string; status?: number } | null;
  if (e?.type === 'entity.too.large') return new MeridianError('PayloadTooLarge', 'the request body is too large');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new MeridianError('InvalidParameter', 'the request body could not be read');
  }
  return undefined;
}

/**
 * Renders every error of the CSW endpoint as an OWS exception report in the request's version. Client
 * mistakes say what is wrong and where (locator); anything unexpected is logged and answered with a
 * fixed text. Authentication failures keep their HTTP status (401/403) in both versions.
 */
export function cswErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const version = answerVersion(res);
    let report: OwsReport;
    let status: number;
    if (error instanceof OwsException) {
      report = { exceptionCode: error.exceptionCode, text: error.message, ...(error.locator === undefined ? {} : { locator: error.locator }) };
      status = version === '3.0.0' ? 400 : 200;
    } else {
      const known = error instanceof MeridianError ? error : bodyParserError(error);
      const code: ErrorCode = known?.code ?? 'Internal';
      const mapping = version === '3.0.0' ? cswErrors[code].csw3 : cswErrors[code].csw2;
      if (!known || code === 'Internal') {
        log.error({ err: error }, 'CSW request failed');
        report = { exceptionCode: mapping.exceptionCode, text: 'the server could not answer this request' };
      } else {
        if (mapping.status >= 500) log.warn({ err: known }, 'CSW request failed');
        const locator = known.locator === undefined ? undefined : (CSW_LOCATORS[known.locator] ?? known.locator);
        report = { exceptionCode: mapping.exceptionCode, text: known.message, ...(locator === undefined ? {} : { locator }) };
      }
      status = mapping.status;
    }
    if (res.headersSent) {
      // The answer is already streaming: it cannot become an exception report any more.
      res.destroy();
      return;
    }
    challengeUnauthorized(res, status);
    res.status(status).type('application/xml; charset=utf-8').send(renderExceptionReport(report, version));
  };
}
