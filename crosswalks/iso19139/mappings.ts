/**
 * Code lists and decision tables of the ISO 19139 / 19115-3 ⇄ STAC crosswalks.
 *
 * Record type. STAC Collection for `dataset`, `series`, `service`, `nonGeographicDataset` and any other or
 * absent scope; a STAC Item only for scopes that name one observed thing in space and time: `tile` (a scene
 * or granule of a series), `feature`, `fieldSession` and `sample` — and only when the record carries a
 * date (temporal extent or citation date), since an Item needs one. The ISO scope is kept in
 * `meridian:hierarchy_level` so that the ISO output gives it back.
 *
 * Dates. Citation dates describe the resource: creation → `created`, revision → `updated` (latest),
 * publication (and ncISO's `issued`) → `published`, expiry → `expires` (timestamps extension v1.1.0, whose
 * `published`/`expires` mean exactly that). `gmd:dateStamp` / `mdb:dateInfo` date the METADATA, not the data:
 * it goes to `meridian:metadata_datestamp` and never to `datetime`, `created` or `updated`.
 *
 * Lineage. Items: `processing:lineage` (processing extension). Collections: `meridian:lineage`, because the
 * processing extension only validates on a Collection through providers, assets or summaries.
 */
export type ProviderRole = 'producer' | 'processor' | 'host' | 'licensor';

/** ISO CI_RoleCode → STAC provider role; roles not listed (pointOfContact, user, funder...) stay contacts only. */
export const PROVIDER_ROLES: Readonly<Record<string, ProviderRole>> = {
  originator: 'producer',
  principalInvestigator: 'producer',
  author: 'producer',
  coAuthor: 'producer',
  processor: 'processor',
  publisher: 'host',
  distributor: 'host',
  custodian: 'host',
  resourceProvider: 'host',
  owner: 'licensor',
  rightsHolder: 'licensor',
};

/** STAC provider role → the ISO role written for a provider that has no contact entry. */
export const ISO_ROLE_OF_PROVIDER: Readonly<Record<ProviderRole, string>> = {
  producer: 'originator',
  processor: 'processor',
  host: 'distributor',
  licensor: 'owner',
};

/** ISO scope codes that become a STAC Item (see the header). */
export const ITEM_SCOPES: ReadonlySet<string> = new Set(['tile', 'feature', 'fieldSession', 'sample']);

export type CitationDateField = 'created' | 'updated' | 'published' | 'expires';

/** CI_DateTypeCode → STAC field; `issued` is what THREDDS ncISO writes for publication. */
export const CITATION_DATE_FIELDS: Readonly<Record<string, CitationDateField>> = {
  creation: 'created',
  revision: 'updated',
  publication: 'published',
  issued: 'published',
  expiry: 'expires',
};

export const TOPIC_CATEGORY_SCHEME = 'http://www.isotc211.org/2005/resources/Codelist/gmxCodelists.xml#MD_TopicCategoryCode';

export const CODELISTS = 'http://standards.iso.org/iso/19139/resources/gmxCodelists.xml';
export const LANGUAGE_CODELIST = 'http://www.loc.gov/standards/iso639-2/';

export type OnlineResourceTarget =
  | { readonly kind: 'asset'; readonly roles: readonly string[]; readonly type?: string; readonly key?: string }
  | { readonly kind: 'link'; readonly rel: string; readonly type?: string };

const FILE_TYPES: Readonly<Record<string, string>> = {
  nc: 'application/netcdf',
  nc4: 'application/netcdf',
  cdf: 'application/netcdf',
  h5: 'application/x-hdf5',
  hdf: 'application/x-hdf',
  grb: 'application/x-grib',
  grib: 'application/x-grib',
  grib2: 'application/x-grib',
  tif: 'image/tiff; application=geotiff',
  tiff: 'image/tiff; application=geotiff',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
  geojson: 'application/geo+json',
  gpkg: 'application/geopackage+sqlite3',
  kml: 'application/vnd.google-earth.kml+xml',
  kmz: 'application/vnd.google-earth.kmz',
  shp: 'application/x-shapefile',
  pdf: 'application/pdf',
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  zarr: 'application/vnd+zarr',
};

/** The media type implied by a URL's file extension (query string and fragment ignored), if any. */
export function mediaTypeOfUrl(url: string): string | undefined {
  const pathPart = url.split(/[?#]/)[0] ?? '';
  const last = pathPart.slice(pathPart.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot < 0 ? undefined : FILE_TYPES[last.slice(dot + 1).toLowerCase()];
}

/** The media type of a graphic overview from its `fileType` (`png`, `image/png`) or its URL. */
export function imageTypeOf(fileType: string | undefined, url: string): string | undefined {
  if (fileType !== undefined) {
    const t = fileType.trim().toLowerCase();
    if (t.includes('/')) return t;
    const known = FILE_TYPES[t];
    if (known?.startsWith('image/')) return known;
  }
  const fromUrl = mediaTypeOfUrl(url);
  return fromUrl?.startsWith('image/') ? fromUrl : undefined;
}

const DATA_EXTENSIONS = /\.(nc|nc4|cdf|h5|hdf|grb|grib2?|tiff?|zip|gz|tar|csv|json|geojson|gpkg|kmz|shp|zarr)$/i;

/**
 * Where an online resource goes in STAC, from its protocol, function code and URL:
 * OPeNDAP → data asset (no `type`: DAP2 endpoints have no registered media type, see the OPeNDAP notes);
 * downloads (WWW:DOWNLOAD, FILE, function `download` on a data file) → data asset with the type of the file;
 * WMS/WMTS → `wms`/`wmts` links; other OGC and ESRI services → `service`; DOIs → `cite-as`;
 * metadata URLs → `describedby`; everything else (WWW:LINK, information, browsing) → `about` or `related`.
 */
export function classifyOnlineResource(protocol: string | undefined, fn: string | undefined, url: string): OnlineResourceTarget {
  const p = (protocol ?? '').toUpperCase();
  const lowerUrl = url.toLowerCase();
  if (/(^|[^A-Z])DOI([^A-Z]|$)/.test(p) || /^https?:\/\/(dx\.)?doi\.org\//.test(lowerUrl)) return { kind: 'link', rel: 'cite-as' };
  if (p.includes('OPENDAP') || p.includes('DODS') || /\/dodsc\//.test(lowerUrl)) {
    return lowerUrl.endsWith('.html') ? { kind: 'link', rel: 'about', type: 'text/html' } : { kind: 'asset', roles: ['data'], key: 'opendap' };
  }
  if (p.includes('WMS')) return { kind: 'link', rel: 'wms' };
  if (p.includes('WMTS')) return { kind: 'link', rel: 'wmts' };
  if (p.startsWith('OGC') || p.startsWith('ESRI') || p.includes('OGC API')) return { kind: 'link', rel: 'service' };
  if (p.includes('METADATA') || fn === 'completeMetadata') return { kind: 'link', rel: 'describedby' };
  const fileType = mediaTypeOfUrl(url);
  const download = p.startsWith('WWW:DOWNLOAD') || p.startsWith('FILE') || p.includes('FTP') || p.includes('DOWNLOAD');
  if (download || (fn === 'download' && DATA_EXTENSIONS.test(url.split(/[?#]/)[0] ?? ''))) {
    return fileType === undefined ? { kind: 'asset', roles: ['data'] } : { kind: 'asset', roles: ['data'], type: fileType };
  }
  const rel = p.endsWith('RELATED') ? 'related' : fn === 'information' || fn === undefined || p.startsWith('WWW:LINK') ? 'about' : 'related';
  return fileType === undefined ? { kind: 'link', rel } : { kind: 'link', rel, type: fileType };
}

/** The ISO protocol written for a STAC link or asset that did not come from ISO (no `meridian:protocol`). */
export function protocolOf(rel: string | undefined, type: string | undefined, roles: readonly string[] | undefined): string {
  if (rel === 'wms') return 'OGC:WMS';
  if (rel === 'wmts') return 'OGC:WMTS';
  if (rel === 'cite-as') return 'DOI';
  if (rel === 'describedby') return 'WWW:LINK-1.0-http--metadata-URL';
  if (rel === 'related') return 'WWW:LINK-1.0-http--related';
  if (rel === undefined) {
    if (type?.includes('opendap')) return 'OPeNDAP:OPeNDAP';
    if (roles?.includes('data') || type !== undefined) return 'WWW:DOWNLOAD-1.0-http--download';
  }
  return 'WWW:LINK-1.0-http--link';
}

/** The CI_OnLineFunctionCode written for a STAC link or asset that did not come from ISO. */
export function functionOf(rel: string | undefined): string {
  if (rel === undefined) return 'download';
  if (rel === 'describedby') return 'completeMetadata';
  if (rel === 'wms' || rel === 'wmts' || rel === 'service') return 'browsing';
  return 'information';
}
