/** The URLs a published file is reached at, under the server's base URL. */

/** A path inside a root, each segment percent-encoded. */
export function encodePath(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

const trim = (baseUrl: string): string => baseUrl.replace(/\/+$/, '');

/** The OPeNDAP dataset URL (without a suffix). */
export function opendapUrl(baseUrl: string, rootName: string, relativePath: string): string {
  return `${trim(baseUrl)}/opendap/${encodeURIComponent(rootName)}/${encodePath(relativePath)}`;
}

/** The file download URL (Range requests supported). */
export function downloadUrl(baseUrl: string, rootName: string, relativePath: string): string {
  return `${trim(baseUrl)}/files/${encodeURIComponent(rootName)}/${encodePath(relativePath)}`;
}

/** The THREDDS catalog of a root. */
export function threddsCatalogUrl(baseUrl: string, rootName: string): string {
  return `${trim(baseUrl)}/thredds/${encodeURIComponent(rootName)}/catalog.xml`;
}
