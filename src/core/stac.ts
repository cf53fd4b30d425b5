/** STAC documents as Meridian handles them: plain JSON, loosely typed beyond the fields the core relies on. */
export type BBox = readonly [number, number, number, number] | readonly [number, number, number, number, number, number];

export type Position = readonly number[];
export type Geometry =
  | { readonly type: 'Point'; readonly coordinates: Position }
  | { readonly type: 'MultiPoint' | 'LineString'; readonly coordinates: readonly Position[] }
  | { readonly type: 'MultiLineString' | 'Polygon'; readonly coordinates: readonly (readonly Position[])[] }
  | { readonly type: 'MultiPolygon'; readonly coordinates: readonly (readonly (readonly Position[])[])[] }
  | { readonly type: 'GeometryCollection'; readonly geometries: readonly Geometry[] };

export interface StacLink {
  readonly href: string;
  readonly rel: string;
  readonly type?: string;
  readonly title?: string;
  readonly method?: string;
  readonly body?: unknown;
  readonly merge?: boolean;
  readonly [key: string]: unknown;
}

export interface StacAsset {
  readonly href: string;
  readonly type?: string;
  readonly title?: string;
  readonly roles?: readonly string[];
  readonly [key: string]: unknown;
}

export interface StacItem {
  readonly type: 'Feature';
  readonly stac_version: string;
  readonly stac_extensions?: readonly string[];
  readonly id: string;
  readonly collection?: string;
  readonly geometry: Geometry | null;
  readonly bbox?: BBox;
  readonly properties: { readonly datetime: string | null; readonly [key: string]: unknown };
  readonly links: readonly StacLink[];
  readonly assets: Readonly<Record<string, StacAsset>>;
  readonly [key: string]: unknown;
}

export interface StacCollection {
  readonly type: 'Collection';
  readonly stac_version: string;
  readonly stac_extensions?: readonly string[];
  readonly id: string;
  readonly title?: string;
  readonly description: string;
  readonly keywords?: readonly string[];
  readonly license: string;
  readonly providers?: readonly unknown[];
  readonly extent: {
    readonly spatial: { readonly bbox: readonly BBox[] };
    readonly temporal: { readonly interval: readonly (readonly [string | null, string | null])[] };
  };
  readonly summaries?: Readonly<Record<string, unknown>>;
  readonly links: readonly StacLink[];
  readonly assets?: Readonly<Record<string, StacAsset>>;
  readonly [key: string]: unknown;
}

export type StacRecord = StacItem | StacCollection;

export const STAC_VERSION = '1.1.0';

export function isStacItem(value: StacRecord): value is StacItem {
  return value.type === 'Feature';
}
