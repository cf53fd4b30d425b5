/**
 * THREDDS catalogs (InvCatalog 1.0) of the published data roots, so that THREDDS harvesters (siphon,
 * stac-populator, Meridian's own) can crawl this server: `<mount>/catalog.xml` has a catalogRef per
 * root, and `<mount>/<root>/[<dir>/...]catalog.xml` lists one directory as a datasetScan does: its
 * NetCDF files as datasets (`urlPath`, `dataSize`, `date type="modified"`) served by OPeNDAP and
 * HTTPServer, and its subdirectories that hold NetCDF files as catalogRefs.
 */
import { realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { DatasetRootConfig } from '../core/config.js';
import { escapeXml } from '../core/xml.js';
import { encodePath } from '../datasets/datasetUrls.js';
import { scanRoot, type ScannedFile } from '../datasets/scanRoot.js';
import { readAccess } from './authentication.js';
import { segmentsOf } from './fileDownload.js';
import { PathRefused, plainErrorHandler } from './plainErrors.js';

const THREDDS_NS = 'http://www.unidata.ucar.edu/namespaces/thredds/InvCatalog/v1.0';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const CATALOG = 'catalog.xml';

function catalogOpen(name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<catalog xmlns="${THREDDS_NS}" xmlns:xlink="${XLINK_NS}" name="${escapeXml(name)}" version="1.0.1">\n`;
}

function catalogRef(href: string, title: string): string {
  return `  <catalogRef xlink:href="${escapeXml(href)}" xlink:title="${escapeXml(title)}" name="${escapeXml(title)}"/>\n`;
}

/** The root catalog: one catalogRef per published root. */
function rootCatalog(roots: readonly DatasetRootConfig[], title: string): string {
  return `${catalogOpen(title)}${roots.map((r) => catalogRef(`${encodeURIComponent(r.name)}/${CATALOG}`, r.title ?? r.name)).join('')}</catalog>\n`;
}

/**
 * One directory of a root. `files` are the directory's NetCDF files and those under it, their paths
 * relative to the directory; `prefix` is the directory's path inside the root ('' for the root).
 */
function directoryCatalog(root: DatasetRootConfig, prefix: string, files: readonly ScannedFile[]): string {
  const here = files.filter((f) => !f.relativePath.includes('/'));
  const subdirectories = [...new Set(files.filter((f) => f.relativePath.includes('/')).map((f) => f.relativePath.split('/')[0]!))];
  const title = prefix === '' ? (root.title ?? root.name) : `${root.name}/${prefix}`;
  const datasets = here.map((f) => {
    const urlPath = `${root.name}/${prefix === '' ? '' : `${prefix}/`}${f.relativePath}`;
    return (
      `    <dataset name="${escapeXml(f.relativePath)}" ID="${escapeXml(urlPath)}" urlPath="${escapeXml(encodePath(urlPath))}">\n` +
      `      <dataSize units="bytes">${f.size}</dataSize>\n` +
      `      <date type="modified">${f.mtime.toISOString()}</date>\n` +
      `    </dataset>\n`
    );
  });
  return (
    catalogOpen(title) +
    '  <service name="all" serviceType="Compound" base="">\n' +
    '    <service name="odap" serviceType="OPENDAP" base="/opendap/"/>\n' +
    '    <service name="http" serviceType="HTTPServer" base="/files/"/>\n' +
    '  </service>\n' +
    `  <dataset name="${escapeXml(title)}" ID="${escapeXml(prefix === '' ? root.name : `${root.name}/${prefix}`)}">\n` +
    '    <metadata inherited="true">\n      <serviceName>all</serviceName>\n      <dataFormat>NetCDF</dataFormat>\n    </metadata>\n' +
    datasets.join('') +
    subdirectories.map((d) => `  ${catalogRef(`${encodeURIComponent(d)}/${CATALOG}`, d)}`).join('') +
    '  </dataset>\n</catalog>\n'
  );
}

/** The real path of a directory inside a root, or a 404. */
async function resolveDirectory(root: DatasetRootConfig, rest: readonly string[]): Promise<string> {
  try {
    const rootReal = await realpath(root.path);
    const real = await realpath([rootReal, ...rest].join(sep));
    if (real !== rootReal && !real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep)) throw new PathRefused(404, 'no such catalog');
    return real;
  } catch (error) {
    if (error instanceof PathRefused) throw error;
    throw new PathRefused(404, 'no such catalog');
  }
}

/** `publicReads` false: every catalog needs a token with the reader role (`auth.publicReads`). */
export function threddsRouter(roots: readonly DatasetRootConfig[], title: string, options: { readonly publicReads: boolean }): Router {
  const router = Router();
  router.use(readAccess(options.publicReads));
  router.get(/.*/, (req: Request, res: Response, next: NextFunction) => {
    const serve = async (): Promise<string> => {
      const segments = segmentsOf(req.path);
      if (segments.pop() !== CATALOG) throw new PathRefused(404, 'no such catalog: catalogs end with /catalog.xml');
      const [rootName, ...rest] = segments;
      if (rootName === undefined) return rootCatalog(roots, title);
      const root = roots.find((r) => r.name === rootName);
      if (root === undefined) throw new PathRefused(404, 'no such catalog');
      const dir = await resolveDirectory(root, rest);
      const scan = await scanRoot(dir);
      return directoryCatalog(root, rest.join('/'), scan.files);
    };
    serve().then((xml) => res.type('application/xml').send(xml), next);
  });
  router.use(plainErrorHandler());
  return router;
}
