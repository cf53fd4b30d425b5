import type { SeededRandom } from '../src/demo/seededRandom.js';
import type { HttpRequest } from './httpClient.js';
import { randomBox } from './queryMix.js';

/** Records per GetRecords page, as the targets are stated. */
export const CSW_PAGE_SIZE = 50;

const CSW_FILTER_NAMESPACES =
  'xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:ogc="http://www.opengis.net/ogc" xmlns:gml="http://www.opengis.net/gml"';

/**
 * CSW 2.0.2 GetRecords as POST XML, as OWSLib and QGIS MetaSearch send it: csw:Record summary view, one
 * page of CSW_PAGE_SIZE, resultType results, an OGC Filter 1.1 of a PropertyIsLike on `property` and a
 * BBOX (EPSG:4326, so corners are latitude then longitude) over a random box.
 */
export function getRecordsRequest(random: SeededRandom, property: string, word: string): HttpRequest {
  const [west, south, east, north] = randomBox(random).map((v) => Number(v.toFixed(2)));
  const body =
    `<csw:GetRecords ${CSW_FILTER_NAMESPACES} service="CSW" version="2.0.2" resultType="results" startPosition="1" maxRecords="${CSW_PAGE_SIZE}" outputSchema="http://www.opengis.net/cat/csw/2.0.2">` +
    '<csw:Query typeNames="csw:Record"><csw:ElementSetName>summary</csw:ElementSetName>' +
    '<csw:Constraint version="1.1.0"><ogc:Filter><ogc:And>' +
    `<ogc:PropertyIsLike wildCard="%" singleChar="_" escapeChar="\\"><ogc:PropertyName>${property}</ogc:PropertyName><ogc:Literal>%${word}%</ogc:Literal></ogc:PropertyIsLike>` +
    '<ogc:BBOX><ogc:PropertyName>ows:BoundingBox</ogc:PropertyName>' +
    `<gml:Envelope srsName="urn:ogc:def:crs:EPSG::4326"><gml:lowerCorner>${south} ${west}</gml:lowerCorner><gml:upperCorner>${north} ${east}</gml:upperCorner></gml:Envelope>` +
    '</ogc:BBOX></ogc:And></ogc:Filter></csw:Constraint></csw:Query></csw:GetRecords>';
  return { method: 'POST', path: '/csw', body, contentType: 'application/xml' };
}

export interface SearchResultsSummary {
  readonly matched: number;
  readonly returned: number;
}

/** The counts of a GetRecords response, or undefined when it is not one (an exception report). */
export function searchResults(body: string): SearchResultsSummary | undefined {
  const head = /<csw:SearchResults\b[^>]*>/.exec(body)?.[0];
  const matched = head === undefined ? undefined : /numberOfRecordsMatched="(\d+)"/.exec(head)?.[1];
  const returned = head === undefined ? undefined : /numberOfRecordsReturned="(\d+)"/.exec(head)?.[1];
  return matched === undefined || returned === undefined ? undefined : { matched: Number(matched), returned: Number(returned) };
}

export function listRecordsRequest(prefix: string): HttpRequest {
  return { method: 'GET', path: `/oai?verb=ListRecords&metadataPrefix=${encodeURIComponent(prefix)}` };
}

export function resumeRequest(token: string): HttpRequest {
  return { method: 'GET', path: `/oai?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}` };
}

export interface OaiPageSummary {
  readonly records: number;
  /** Undefined: the list is complete (no token, or an empty one). */
  readonly token?: string;
  readonly completeListSize?: number;
  readonly error?: string;
}

/** What a ListRecords page holds: its records, the token that continues it, and the announced list size. */
export function oaiPage(body: string): OaiPageSummary {
  const error = /<error code="([^"]+)">([^<]*)<\/error>/.exec(body);
  if (error) return { records: 0, error: `${error[1]}: ${error[2]}` };
  const records = body.match(/<record>/g)?.length ?? 0;
  const resumption = /<resumptionToken([^>]*?)(?:\/>|>([^<]*)<\/resumptionToken>)/.exec(body);
  const size = resumption?.[1] === undefined ? undefined : /completeListSize="(\d+)"/.exec(resumption[1])?.[1];
  const token = resumption?.[2]?.replace(/&amp;/g, '&');
  return { records, ...(token ? { token } : {}), ...(size === undefined ? {} : { completeListSize: Number(size) }) };
}
