/**
 * The formats of metadata documents as Meridian receives them (harvested, imported or written through
 * an API); each has a crosswalk to STAC in `crosswalks/`.
 */
export type NativeFormat =
  | 'stac'
  | 'iso19139'
  | 'iso19115-3'
  | 'datacite-xml'
  | 'datacite-json'
  | 'dublin-core'
  | 'esgf-solr'
  | 'esgf-stac'
  | 'thredds'
  | 'netcdf-header';
