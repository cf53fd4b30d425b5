import type { XmlElement } from '../../core/xml.js';
import type { SortKey } from '../../search/request.js';
import type { CswCondition } from './condition.js';

export type CswVersion = '2.0.2' | '3.0.0';
export const CSW_VERSIONS: readonly CswVersion[] = ['2.0.2', '3.0.0'];

/** Record schemas served: Dublin Core (csw:Record), ISO 19139 (gmd:MD_Metadata) and, in CSW 3.0, Atom. */
export type OutputSchema = 'csw' | 'gmd' | 'atom';
export type ElementSet = 'brief' | 'summary' | 'full';
export type ResultType = 'hits' | 'results' | 'validate';
/** The two queryable record types; both cover every record of the catalogue. */
export type TypeName = 'csw:Record' | 'gmd:MD_Metadata';
export type CapabilitiesSection = 'ServiceIdentification' | 'ServiceProvider' | 'OperationsMetadata' | 'Filter_Capabilities';

/** A Dublin Core element asked for by name (`csw:ElementName`). */
export interface ElementName {
  readonly ns: string;
  readonly local: string;
}

export interface CswQuery {
  readonly typeNames: readonly TypeName[];
  readonly elementSet: ElementSet;
  /** An ad hoc view instead of an element set (csw:Record only). */
  readonly elementNames?: readonly ElementName[];
  readonly outputSchema: OutputSchema;
  readonly condition?: CswCondition;
  readonly sortBy: readonly SortKey[];
  /** 1-based position of the first record to return. */
  readonly startPosition: number;
  readonly maxRecords: number;
}

/** What a validate answer echoes: the XML request, or the URL of a KVP request. */
export type EchoedRequest = { readonly kind: 'xml'; readonly element: XmlElement } | { readonly kind: 'kvp'; readonly url: string };

export interface RecordProperty {
  /** The CSW name (`dc:title`, `apiso:Title`...) of the property to set. */
  readonly name: string;
  /** Undefined removes the property. */
  readonly value?: string;
}

export type TransactionAction =
  | { readonly kind: 'insert'; readonly records: readonly XmlElement[]; readonly handle?: string }
  | { readonly kind: 'update'; readonly record: XmlElement; readonly handle?: string }
  | {
      readonly kind: 'updateProperties';
      readonly properties: readonly RecordProperty[];
      readonly condition: CswCondition;
      readonly handle?: string;
    }
  | { readonly kind: 'delete'; readonly condition: CswCondition; readonly handle?: string };

/** Where a Harvest resource comes from and what it is. */
export type HarvestResourceType = 'iso19139' | 'csw-record';

export type CswRequest =
  | {
      readonly op: 'GetCapabilities';
      readonly version: CswVersion;
      /** Undefined: every section. */
      readonly sections?: readonly CapabilitiesSection[];
      /** CSW 3.0: the OpenSearch description document was asked for (acceptFormats). */
      readonly openSearch: boolean;
    }
  | { readonly op: 'DescribeRecord'; readonly version: CswVersion; readonly typeNames: readonly TypeName[] }
  | {
      readonly op: 'GetRecords';
      readonly version: CswVersion;
      readonly resultType: ResultType;
      readonly query: CswQuery;
      readonly requestId?: string;
      readonly echo: EchoedRequest;
    }
  | {
      readonly op: 'GetRecordById';
      readonly version: CswVersion;
      readonly ids: readonly string[];
      readonly elementSet: ElementSet;
      readonly outputSchema: OutputSchema;
    }
  | {
      readonly op: 'GetDomain';
      readonly version: CswVersion;
      readonly parameterNames: readonly string[];
      readonly propertyNames: readonly string[];
    }
  | { readonly op: 'Transaction'; readonly version: CswVersion; readonly actions: readonly TransactionAction[]; readonly requestId?: string }
  | { readonly op: 'Harvest'; readonly version: CswVersion; readonly source: string; readonly resourceType: HarvestResourceType };
