import { fileURLToPath } from 'node:url';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { expect } from 'vitest';
import { toStac as isoToStac } from '../../../../crosswalks/iso19139/toStac.js';
import { loadConfig, type MeridianConfig } from '../../../../src/core/config.js';
import type { RecordInput } from '../../../../src/core/record.js';
import { parseXml, type XmlElement } from '../../../../src/core/xml.js';
import type { ProtocolDeps } from '../../../../src/protocols/deps.js';
import { oaiPmhRouter, type OaiPmhOptions } from '../../../../src/protocols/oai-pmh/routes.js';
import { createApp, protocolDeps } from '../../../../src/server.js';
import { openTestDatabase, type DriverName, type TestDatabase } from '../../../support/drivers.js';
import { readShared, sharedPath } from '../../../support/shared.js';
import { validateXml } from '../../../support/xmllint.js';

export const HOST = 'meridian.test';
export const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
/** The shared OAI-PMH driver: envelope with oai_dc, gmd, DataCite and oai_datacite payloads. */
export const OAI_XSD = sharedPath('schemas', 'validate', 'oai-pmh-all.xsd');
/** The same with gmx, for responses carrying ISO records (gmx:Anchor, gmx:FileName). */
export const OAI_GMX_XSD = fileURLToPath(new URL('./oai-pmh-gmx.xsd', import.meta.url));

export function expectValid(xml: string, schema = OAI_XSD): void {
  expect(validateXml(xml, schema)).toEqual([]);
}

export function testConfig(): MeridianConfig {
  const base = loadConfig({ env: {} });
  return { ...base, server: { ...base.server, publicUrl: '' }, demo: { enabled: false }, log: { level: 'silent' } };
}

export interface OaiApp {
  readonly database: TestDatabase;
  readonly deps: ProtocolDeps;
  /** GET /oai with these arguments (values URL-encoded here). */
  get(args: Readonly<Record<string, string>>): Promise<request.Response>;
  /** GET /oai with a raw query string, exactly as given. */
  getRaw(query: string): Promise<request.Response>;
  /** POST /oai with a form-encoded body. */
  post(body: string): Promise<request.Response>;
  /** POST a form-encoded body to a path that may carry a query string too. */
  postTo(path: string, body: string): Promise<request.Response>;
  load(inputs: readonly RecordInput[]): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A fresh database and the OAI-PMH endpoint over it: mounted by the server's `createApp` by default, or
 * alone with router options (a small page size) when they are given.
 */
export async function openOaiApp(driver: DriverName, options?: OaiPmhOptions): Promise<OaiApp> {
  const database = await openTestDatabase(driver);
  const deps = protocolDeps(database.db, testConfig(), pino({ level: 'silent' }));
  const app = options ? express().use('/oai', oaiPmhRouter(deps, options)) : createApp(deps);
  const agent = () => request(app);
  return {
    database,
    deps,
    get: (args) => agent().get(`/oai?${new URLSearchParams(args).toString()}`).set('Host', HOST),
    getRaw: (query) => agent().get(`/oai?${query}`).set('Host', HOST),
    post: (body) => agent().post('/oai').set('Host', HOST).type('application/x-www-form-urlencoded').send(body),
    postTo: (path, body) => agent().post(path).set('Host', HOST).type('application/x-www-form-urlencoded').send(body),
    async load(inputs) {
      const outcomes = await deps.store.upsertMany(inputs, 'test');
      const failed = outcomes.filter((o) => o.status === 'failed');
      if (failed.length > 0) throw new Error(`records refused: ${JSON.stringify(failed)}`);
    },
    dispose: () => database.dispose(),
  };
}

/** A GeoNetwork ISO 19139 fixture as a harvest would store it: STAC plus the native document and provenance. */
export function isoInput(fixture: string, sourceId: string): RecordInput {
  const document = readShared('fixtures', 'geonetwork', fixture);
  const { value } = isoToStac(document, { baseUrl: `http://${HOST}` });
  return {
    doc: value,
    native: { format: 'iso19139', document },
    provenance: { sourceId, nativeId: value.id, harvestedAt: '2026-01-01T00:00:00Z' },
  };
}

// ---- reading responses

const oai = (el: XmlElement | undefined, local: string) => el?.children.find((c) => c.ns === OAI_NS && c.local === local);
const oaiAll = (el: XmlElement | undefined, local: string) => el?.children.filter((c) => c.ns === OAI_NS && c.local === local) ?? [];

export interface ListedHeader {
  readonly identifier: string;
  readonly datestamp: string;
  readonly deleted: boolean;
  readonly setSpecs: readonly string[];
  /** The root of the payload, for records. */
  readonly metadata?: XmlElement;
}

export interface OaiResponse {
  readonly root: XmlElement;
  readonly responseDate: string;
  readonly request: XmlElement;
  readonly errors: readonly { readonly code: string; readonly message: string }[];
  readonly headers: readonly ListedHeader[];
  readonly token?: { readonly value: string; readonly cursor?: number; readonly completeListSize?: number };
}

function listedHeader(header: XmlElement, metadata?: XmlElement): ListedHeader {
  const payload = metadata?.children[0];
  return {
    identifier: oai(header, 'identifier')?.text ?? '',
    datestamp: oai(header, 'datestamp')?.text ?? '',
    deleted: header.attrs.status === 'deleted',
    setSpecs: oaiAll(header, 'setSpec').map((s) => s.text),
    ...(payload ? { metadata: payload } : {}),
  };
}

export function readOai(xml: string): OaiResponse {
  const root = parseXml(xml);
  const body = root.children.find((c) => c.local !== 'responseDate' && c.local !== 'request' && c.local !== 'error');
  const records = oaiAll(body, 'record').map((r) => listedHeader(oai(r, 'header') as XmlElement, oai(r, 'metadata')));
  const headers = body?.local === 'ListIdentifiers' ? oaiAll(body, 'header').map((h) => listedHeader(h)) : records;
  const token = oai(body, 'resumptionToken');
  const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  return {
    root,
    responseDate: oai(root, 'responseDate')?.text ?? '',
    request: oai(root, 'request') as XmlElement,
    errors: oaiAll(root, 'error').map((e) => ({ code: e.attrs.code ?? '', message: e.text })),
    headers,
    ...(token
      ? {
          token: {
            value: token.text,
            ...(token.attrs.cursor === undefined ? {} : { cursor: number(token.attrs.cursor) }),
            ...(token.attrs.completeListSize === undefined ? {} : { completeListSize: number(token.attrs.completeListSize) }),
          },
        }
      : {}),
  };
}

/** Every page of a list, following resumption tokens; returns the pages' parsed responses. */
export async function harvestList(app: OaiApp, args: Readonly<Record<string, string>>, schema?: string): Promise<OaiResponse[]> {
  const pages: OaiResponse[] = [];
  let next: Readonly<Record<string, string>> | undefined = args;
  while (next) {
    const res = await app.get(next);
    expect(res.status).toBe(200);
    if (schema) expectValid(res.text, schema);
    const page = readOai(res.text);
    pages.push(page);
    if (page.errors.length > 0) break;
    next = page.token && page.token.value !== '' ? { verb: args.verb as string, resumptionToken: page.token.value } : undefined;
  }
  return pages;
}

// ---- golden files

/** Times that change from run to run, replaced so that responses can be compared with golden files. */
export function normalizeTimes(xml: string): string {
  return xml
    .replace(/<(responseDate|datestamp|earliestDatestamp)>[^<]*<\/\1>/g, '<$1>TIMESTAMP</$1>')
    .replace(/<resumptionToken([^>]*)>[^<]+<\/resumptionToken>/g, '<resumptionToken$1>TOKEN</resumptionToken>');
}

/** A canonical form for comparison: namespaces resolved, attributes sorted, text trimmed, one element per line. */
export function canonicalXml(xml: string): string {
  const lines: string[] = [];
  const visit = (el: XmlElement, depth: number) => {
    const attrs = Object.entries(el.attrs)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => ` ${k}="${v}"`)
      .join('');
    lines.push(`${'  '.repeat(depth)}{${el.ns}}${el.local}${attrs}${el.text === '' ? '' : ` = ${JSON.stringify(el.text)}`}`);
    for (const c of el.children) visit(c, depth + 1);
  };
  visit(parseXml(xml), 0);
  return lines.join('\n');
}
