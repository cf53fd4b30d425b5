/** How each THREDDS service type becomes a STAC asset; keys are service types in lower case (servers differ in case). */

export const FILE_EXTENSION = 'https://stac-extensions.github.io/file/v2.1.0/schema.json';

export interface ServiceAsset {
  readonly title: string;
  readonly roles: readonly string[];
  /** Media type of what the URL returns, when it does not depend on the file. */
  readonly type?: string;
}

export const SERVICE_ASSETS: Readonly<Record<string, ServiceAsset>> = {
  httpserver: { title: 'HTTP download', roles: ['data'] },
  opendap: { title: 'OPeNDAP', roles: ['data'] },
  dap4: { title: 'DAP4', roles: ['data'] },
  wcs: { title: 'OGC WCS', roles: ['data'], type: 'application/xml' },
  wms: { title: 'OGC WMS', roles: ['visual'], type: 'application/xml' },
  netcdfsubset: { title: 'NetCDF Subset Service', roles: ['data'] },
  netcdfserver: { title: 'NetCDF Subset Service', roles: ['data'] },
  cdmremote: { title: 'CDM Remote', roles: ['data'] },
  cdmrfeature: { title: 'CDM Remote Feature', roles: ['data'] },
  ncml: { title: 'NcML', roles: ['metadata'], type: 'application/xml' },
  iso: { title: 'ISO 19115 metadata', roles: ['metadata'], type: 'application/xml' },
  uddc: { title: 'ACDD rubric', roles: ['metadata'], type: 'text/html' },
};

export const UNKNOWN_SERVICE_ASSET: ServiceAsset = { title: 'THREDDS service', roles: ['data'] };
