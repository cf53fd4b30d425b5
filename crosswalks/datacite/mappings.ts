/**
 * DataCite Metadata Schema code lists (kernel 4.6, the version Meridian writes) and the tables
 * between DataCite terms and STAC terms.
 */

export const DATACITE_NS = 'http://datacite.org/schema/kernel-4';
export const DATACITE_SCHEMA_VERSION = 'http://datacite.org/schema/kernel-4';
export const DATACITE_46_XSD = 'http://schema.datacite.org/meta/kernel-4.6/metadata.xsd';

export const RESOURCE_TYPES_46: ReadonlySet<string> = new Set([
  'Audiovisual', 'Award', 'Book', 'BookChapter', 'Collection', 'ComputationalNotebook', 'ConferencePaper',
  'ConferenceProceeding', 'DataPaper', 'Dataset', 'Dissertation', 'Event', 'Image', 'Instrument',
  'InteractiveResource', 'Journal', 'JournalArticle', 'Model', 'OutputManagementPlan', 'PeerReview',
  'PhysicalObject', 'Preprint', 'Project', 'Report', 'Service', 'Software', 'Sound', 'Standard',
  'StudyRegistration', 'Text', 'Workflow', 'Other',
]);

export const CONTRIBUTOR_TYPES_46: ReadonlySet<string> = new Set([
  'ContactPerson', 'DataCollector', 'DataCurator', 'DataManager', 'Distributor', 'Editor', 'HostingInstitution',
  'Other', 'Producer', 'ProjectLeader', 'ProjectManager', 'ProjectMember', 'RegistrationAgency',
  'RegistrationAuthority', 'RelatedPerson', 'ResearchGroup', 'RightsHolder', 'Researcher', 'Sponsor',
  'Supervisor', 'Translator', 'WorkPackageLeader',
]);

export const RELATION_TYPES_46: ReadonlySet<string> = new Set([
  'IsCitedBy', 'Cites', 'IsSupplementTo', 'IsSupplementedBy', 'IsContinuedBy', 'Continues', 'IsNewVersionOf',
  'IsPreviousVersionOf', 'IsPartOf', 'HasPart', 'IsPublishedIn', 'IsReferencedBy', 'References', 'IsDocumentedBy',
  'Documents', 'IsCompiledBy', 'Compiles', 'IsVariantFormOf', 'IsOriginalFormOf', 'IsIdenticalTo', 'HasMetadata',
  'IsMetadataFor', 'Reviews', 'IsReviewedBy', 'IsDerivedFrom', 'IsSourceOf', 'Describes', 'IsDescribedBy',
  'HasVersion', 'IsVersionOf', 'Requires', 'IsRequiredBy', 'Obsoletes', 'IsObsoletedBy', 'Collects',
  'IsCollectedBy', 'HasTranslation', 'IsTranslationOf',
]);

export const RELATED_IDENTIFIER_TYPES_46: ReadonlySet<string> = new Set([
  'ARK', 'arXiv', 'bibcode', 'CSTR', 'DOI', 'EAN13', 'EISSN', 'Handle', 'IGSN', 'ISBN', 'ISSN', 'ISTC', 'LISSN',
  'LSID', 'PMID', 'PURL', 'RRID', 'UPC', 'URL', 'URN', 'w3id',
]);

export const DATE_TYPES_46: ReadonlySet<string> = new Set([
  'Accepted', 'Available', 'Collected', 'Copyrighted', 'Coverage', 'Created', 'Issued', 'Other', 'Submitted',
  'Updated', 'Valid', 'Withdrawn',
]);

export const DESCRIPTION_TYPES_46: ReadonlySet<string> = new Set([
  'Abstract', 'Methods', 'SeriesInformation', 'TableOfContents', 'TechnicalInfo', 'Other',
]);

export const TITLE_TYPES_46: ReadonlySet<string> = new Set(['AlternativeTitle', 'Subtitle', 'TranslatedTitle', 'Other']);
export const FUNDER_IDENTIFIER_TYPES_46: ReadonlySet<string> = new Set(['ISNI', 'GRID', 'ROR', 'Crossref Funder ID', 'Other']);
export const NUMBER_TYPES_46: ReadonlySet<string> = new Set(['Article', 'Chapter', 'Report', 'Other']);
export const NAME_TYPES: ReadonlySet<string> = new Set(['Personal', 'Organizational']);

/** STAC provider roles (producer, licensor, processor, host) of organisations named as DataCite contributors. */
export const PROVIDER_ROLE_OF_CONTRIBUTOR: Readonly<Record<string, string>> = {
  Distributor: 'host',
  HostingInstitution: 'host',
  Producer: 'producer',
  ResearchGroup: 'producer',
  RightsHolder: 'licensor',
};

/** Contact roles written by other crosswalks (ISO 19115 CI_RoleCode, STAC provider roles) to DataCite. */
export const CREATOR_ROLES: ReadonlySet<string> = new Set([
  'creator', 'author', 'coAuthor', 'originator', 'principalInvestigator', 'producer',
]);
export const CONTRIBUTOR_TYPE_OF_ROLE: Readonly<Record<string, string>> = {
  pointOfContact: 'ContactPerson',
  contact: 'ContactPerson',
  custodian: 'DataCurator',
  distributor: 'Distributor',
  resourceProvider: 'Distributor',
  host: 'HostingInstitution',
  owner: 'RightsHolder',
  licensor: 'RightsHolder',
  rightsHolder: 'RightsHolder',
  processor: 'Producer',
  editor: 'Editor',
  sponsor: 'Sponsor',
  funder: 'Sponsor',
  collaborator: 'ProjectMember',
  contributor: 'Other',
  user: 'Other',
  mediator: 'Other',
  stakeholder: 'Other',
};

/**
 * STAC link relations for DataCite relation types. Relations without an established link relation
 * become `related`; every link keeps `datacite:relationType`.
 */
export const LINK_REL_OF_RELATION: Readonly<Record<string, string>> = {
  IsPartOf: 'parent',
  HasPart: 'child',
  IsNewVersionOf: 'predecessor-version',
  IsPreviousVersionOf: 'successor-version',
  IsDerivedFrom: 'derived_from',
  IsDescribedBy: 'describedby',
  HasMetadata: 'describedby',
  IsDocumentedBy: 'describedby',
  IsCitedBy: 'cited-by',
  Cites: 'cites',
  References: 'cites',
  IsReferencedBy: 'cited-by',
  IsSupplementTo: 'supplement-to',
  IsSupplementedBy: 'supplemented-by',
  IsIdenticalTo: 'alternate',
};

/** Relation types (this data → a publication) whose DOI is listed in `sci:publications`. */
export const PUBLICATION_RELATIONS: ReadonlySet<string> = new Set([
  'IsSupplementTo', 'IsCitedBy', 'IsReferencedBy', 'IsDocumentedBy', 'IsDescribedBy', 'IsPublishedIn',
]);

/** A resolvable URL for a related identifier, when its type has a resolver. */
export function identifierUrl(type: string, value: string): string | undefined {
  const v = value.trim();
  switch (type) {
    case 'DOI': {
      const doi = bareDoi(v);
      return doi === undefined ? undefined : `https://doi.org/${doi}`;
    }
    case 'URL':
    case 'PURL':
    case 'w3id':
      return /^https?:\/\//i.test(v) ? v : undefined;
    case 'Handle':
      return /^https?:\/\//i.test(v) ? v : `https://hdl.handle.net/${v}`;
    case 'ARK':
      return `https://n2t.net/${v.replace(/^https?:\/\/[^/]+\//, '')}`;
    case 'arXiv':
      return `https://arxiv.org/abs/${v.replace(/^arxiv:/i, '')}`;
    case 'PMID':
      return `https://pubmed.ncbi.nlm.nih.gov/${v}`;
    case 'IGSN':
      return `https://igsn.org/${v.replace(/^igsn:/i, '')}`;
    case 'bibcode':
      return `https://ui.adsabs.harvard.edu/abs/${v}`;
    case 'RRID':
      return `https://identifiers.org/${v.startsWith('RRID:') ? v : `RRID:${v}`}`;
    default:
      return /^https?:\/\//i.test(v) ? v : undefined;
  }
}

/** The DOI itself (`10.x/y`) from a DOI, a `doi:` name or a resolver URL. */
export function bareDoi(value: string): string | undefined {
  const match = /^(?:doi:|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,}(?:\.\d+)*\/\S+)$/i.exec(value.trim());
  return match?.[1];
}
