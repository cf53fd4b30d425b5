/**
 * Downloads of published NetCDF files at `<mount>/<root name>/<path inside the root>`, with byte
 * ranges (206 Partial Content, 416 when unsatisfiable), `Accept-Ranges`, `Content-Length`,
 * `Last-Modified`, ETag and conditional requests. Only files under a configured root are served:
 * `.` and `..` segments (also percent-encoded), encoded slashes and backslashes are refused with
 * 400, and a path whose real location (symbolic links followed) leaves its root is answered 404.
 */
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { DatasetRootConfig } from '../core/config.js';
import { isNetcdfName } from '../datasets/scanRoot.js';
import { readAccess } from './authentication.js';
import { PathRefused, plainErrorHandler } from './plainErrors.js';

/** The decoded segments of a raw request path; 400 for traversal attempts. */
export function segmentsOf(rawPath: string): string[] {
  return rawPath
    .split('/')
    .filter((s, i) => !(s === '' && i === 0))
    .map((s) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(s);
      } catch {
        throw new PathRefused(400, 'the path has a malformed %-escape');
      }
      if (decoded === '' || decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) {
        throw new PathRefused(400, 'the path may not contain empty, "." or ".." segments, backslashes or encoded slashes');
      }
      return decoded;
    });
}

/** The real path of a published file, or a 404. */
async function resolveFile(roots: readonly DatasetRootConfig[], segments: readonly string[]): Promise<string> {
  const [rootName, ...rest] = segments;
  const root = roots.find((r) => r.name === rootName);
  const last = rest.at(-1);
  if (root === undefined || last === undefined || !isNetcdfName(last)) throw new PathRefused(404, 'no such file');
  try {
    const rootReal = await realpath(root.path);
    const real = await realpath([rootReal, ...rest].join(sep));
    if (!real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep) || !(await stat(real)).isFile()) {
      throw new PathRefused(404, 'no such file');
    }
    return real;
  } catch (error) {
    if (error instanceof PathRefused) throw error;
    throw new PathRefused(404, 'no such file');
  }
}

/** `publicReads` false: every download needs a token with the reader role (`auth.publicReads`). */
export function fileDownloadRouter(roots: readonly DatasetRootConfig[], options: { readonly publicReads: boolean }): Router {
  const router = Router();
  router.use(readAccess(options.publicReads));
  router.get(/.*/, (req: Request, res: Response, next: NextFunction) => {
    const serve = async (): Promise<void> => {
      const path = await resolveFile(roots, segmentsOf(req.path));
      res.type('application/x-netcdf');
      await new Promise<void>((resolve, reject) => {
        res.sendFile(path, { acceptRanges: true, cacheControl: false, dotfiles: 'allow', etag: true, lastModified: true }, (error?: Error) => {
          // A client that went away is not an error of the server.
          if (error && !res.headersSent) reject(error);
          else resolve();
        });
      });
    };
    serve().catch((error: unknown) => {
      const status = (error as { status?: unknown } | null)?.status;
      // 416 for an unsatisfiable range (Content-Range: bytes */size is already set), 412 for a failed precondition.
      if (!(error instanceof PathRefused) && typeof status === 'number' && status >= 400 && status < 500) res.status(status).end();
      else next(error);
    });
  });
  router.use(plainErrorHandler());
  return router;
}
