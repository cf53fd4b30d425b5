/** Schema URLs of the STAC extensions the demo and benchmark records declare (all available offline). */
export const STAC_EXTENSIONS = {
  alternateAssets: 'https://stac-extensions.github.io/alternate-assets/v1.2.0/schema.json',
  cmip6: 'https://stac-extensions.github.io/cmip6/v3.0.2/schema.json',
  datacube: 'https://stac-extensions.github.io/datacube/v2.3.0/schema.json',
  file: 'https://stac-extensions.github.io/file/v2.1.0/schema.json',
  processing: 'https://stac-extensions.github.io/processing/v1.2.0/schema.json',
  scientific: 'https://stac-extensions.github.io/scientific/v1.0.0/schema.json',
} as const;
