import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MeridianError } from '../../../src/core/errors.js';
import {
  MAX_XML_BYTES,
  MAX_XML_DEPTH,
  XLINK_NS,
  XML_NS,
  attr,
  child,
  children,
  decodeXml,
  descendants,
  escapeXml,
  parseXml,
  path,
  pathAll,
} from '../../../src/core/xml.js';
import type { XmlElement } from '../../../src/core/xml.js';
import { readShared } from '../../support/shared.js';

/** A tree as nested arrays, attributes sorted: what two parsers must agree on. */
function canonical(el: XmlElement): unknown {
  const attrs = Object.entries(el.attrs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [el.ns, el.local, attrs, el.text, el.children.map(canonical)];
}

function digest(el: XmlElement): string {
  return createHash('sha256').update(JSON.stringify(canonical(el))).digest('hex').slice(0, 16);
}

function elementCount(el: XmlElement): number {
  return 1 + el.children.reduce((n, c) => n + elementCount(c), 0);
}

/** A leaf element as `parseXml` returns it. */
function leaf(ns: string, local: string, text = '', attrs: Record<string, string> = {}): XmlElement {
  return { ns, local, attrs, children: [], text };
}

function parseError(xml: string): MeridianError {
  try {
    parseXml(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(MeridianError);
    return error as MeridianError;
  }
  throw new Error(`parsed without error: ${xml.slice(0, 80)}`);
}

function expectMalformed(xml: string, message: RegExp): void {
  const error = parseError(xml);
  expect(error.code).toBe('InvalidParameter');
  expect(error.message).toMatch(/^malformed XML at line \d+: /);
  expect(error.message).toMatch(message);
}

function expectRefused(xml: string): void {
  const error = parseError(xml);
  expect(error.code).toBe('InvalidParameter');
  expect(error.message).toMatch(/internal DTD or entity declarations are refused/);
}

/**
 * Every XML fixture, with its element count and the digest of its canonical tree. These trees are what
 * every crosswalk reads: a parser change must leave them exactly as they are.
 */
const FIXTURE_TREES: readonly (readonly [file: string, elements: number, digest: string])[] = [
  ['csw-cite/Record_19887a8a-f6b0-4a63-ae56-7fba0e17801f.xml', 8, '31a64c5e666ea09f'],
  ['csw-cite/Record_1ef30a8b-876d-4828-9246-c37ab4510bbd.xml', 7, '44075fecc2e9c1dd'],
  ['csw-cite/Record_66ae76b7-54ba-489b-a582-0f0633d96493.xml', 7, 'e16c51df8378c4c8'],
  ['csw-cite/Record_6a3de50b-fa66-4b58-a0e6-ca146fdd18d4.xml', 6, '850d2365c2e3676d'],
  ['csw-cite/Record_784e2afd-a9fd-44a6-9a92-a3848371c8ec.xml', 8, 'ed3a577a093ce9bb'],
  ['csw-cite/Record_829babb0-b2f1-49e1-8cd5-7b489fe71a1e.xml', 6, '6674544f010786b4'],
  ['csw-cite/Record_88247b56-4cbc-4df9-9860-db3f8042e357.xml', 6, 'beb501bbd3367854'],
  ['csw-cite/Record_94bc9c83-97f6-4b40-9eb8-a8e8787a5c63.xml', 10, '78011c1e91b42c01'],
  ['csw-cite/Record_9a669547-b69b-469f-a11f-2d875366bbdc.xml', 9, 'e875450928266b8b'],
  ['csw-cite/Record_a06af396-3105-442d-8b40-22b57a90d2f2.xml', 6, 'd3379dbebdf58ce4'],
  ['csw-cite/Record_ab42a8c4-95e8-4630-bf79-33e59241605a.xml', 6, '64bc0ca2ef63eaa9'],
  ['csw-cite/Record_e9330592-0932-474b-be34-c3a3bb67c7db.xml', 8, 'f388e7d0da7ec5de'],
  ['datacite/datacite-kernel-4.6_full-example.xml', 263, '65a42006ce1590a2'],
  ['datacite/datacite-kernel-4.6_instrument-example.xml', 23, '7fe12bf0b33d58dc'],
  ['datacite/datacite-kernel-4_Box_dateCollected_DataCollector-example.xml', 33, '341c289de066d376'],
  ['datacite/datacite-kernel-4_GeoLocation-example.xml', 36, '7e897d99bd2cad9e'],
  ['datacite/datacite-xml_10.1594-pangaea.721193.xml', 92, '13c9511f2c58a98b'],
  ['datacite/datacite-xml_4tu_meteo-sand-motor_polygon.xml', 121, '6871bd229f4324c9'],
  ['datacite/datacite-xml_eumetsat-osisaf_xml-lang.xml', 33, '23fb54391718b781'],
  ['geonetwork/csw-GetRecordById_gmd_geonetwork-dov.xml', 498, 'e934eb53263254d3'],
  ['geonetwork/csw-GetRecords_gmd-full_pycsw-apiso.xml', 761, '78e9a69c181b55f0'],
  ['geonetwork/iso19115-3_auscope_3d-model.xml', 263, '2f6919d582719197'],
  ['geonetwork/iso19115-3_metawal_dataset.xml', 499, '4349a960c94e3844'],
  ['geonetwork/iso19115-3_wallonie_service.xml', 415, 'c237c4d71162ba17'],
  ['geonetwork/iso19139_geo2france_plu.xml', 263, '7f52f22ace669f38'],
  ['geonetwork/iso19139_geobretagne.xml', 429, '248e79613a46cd6c'],
  ['geonetwork/iso19139_ipma-atmosphere.xml', 138, 'b53190efc4eb5f13'],
  ['geonetwork/iso19139_marine-ie_gmx-anchor-keywords.xml', 585, 'ea484a5c964bc9bb'],
  ['geonetwork/iso19139_wmo-wis_JMA_SMJP01RJTD.xml', 276, 'cab9b7ee52aa6d5b'],
  ['geonetwork/oai-pmh_Identify_pycsw.xml', 11, '99f4e50a45297bc7'],
  ['geonetwork/oai-pmh_ListIdentifiers_iso_pycsw.xml', 45, '4a665dc6b82a83c9'],
  ['geonetwork/oai-pmh_ListRecords_iso19139_pycsw.xml', 369, '6c0ab8dd46caa681'],
  ['thredds/catalog_metar_point_geospatialCoverage-variables.xml', 73, '2d2360dd0c374d76'],
  ['thredds/catalog_ncei_namanl_inherited-metadata.xml', 57, 'ef7ac7a70a5f8dda'],
  ['thredds/catalog_ncei_timeCoverage.xml', 62, '8be79a219a63fbc8'],
  ['thredds/catalog_pavics_cmip6_datasetScan.xml', 27, 'fdcc228b481125e1'],
  ['thredds/catalog_pavics_single-dataset.xml', 16, 'e4277118afd3067a'],
  ['thredds/catalog_tds5_default_datasetScan.xml', 28, '00a0c5a33ee09448'],
  ['thredds/catalog_unidata_forecastModels_tds4.xml', 181, '063781e54cb1f186'],
  ['thredds/catalog_unidata_forecastModels_tds5.xml', 303, 'ebab5ee326c96193'],
  ['thredds/catalog_unidata_toplevel.xml', 9, '45aa1d9dc1691b4a'],
  ['thredds/iso-service_ncISO_pacioos_NS06agg.xml', 687, 'b49336867153cbc6'],
  ['thredds/latest_rap_resolver.xml', 71, '93e61d4718a77472'],
  ['thredds/ncml-service_pavics_prsn_CanESM5.xml', 113, '2510d3734ed0481a'],
  ['thredds/ncml-service_pavics_snw_CanESM5.xml', 113, 'ffd6eed44906b52e'],
];

describe('parseXml: the shared fixtures', () => {
  it.each(FIXTURE_TREES)('%s gives the pinned tree', (file, elements, expected) => {
    const root = parseXml(readShared('fixtures', file));
    expect(elementCount(root)).toBe(elements);
    expect(digest(root)).toBe(expected);
  });

  it('reads an ISO 19139 record as crosswalks see it', () => {
    const root = parseXml(readShared('fixtures/geonetwork/iso19139_geo2france_plu.xml'));
    const GMD = 'http://www.isotc211.org/2005/gmd';
    const GCO = 'http://www.isotc211.org/2005/gco';
    expect([root.ns, root.local]).toEqual([GMD, 'MD_Metadata']);
    expect(path(root, [GMD, 'fileIdentifier'], [GCO, 'CharacterString'])?.text).toMatch(/\S/);
    expect(descendants(root, GMD, 'EX_GeographicBoundingBox').length).toBeGreaterThan(0);
  });
});

describe('parseXml: namespaces', () => {
  it('resolves prefixes declared on ancestors, and redeclared ones on the redeclaring subtree only', () => {
    const root = parseXml('<r xmlns:a="urn:a" xmlns:b="urn:b"><a:x><b:y xmlns:b="urn:b2"><b:z/></b:y><b:w/></a:x></r>');
    expect(root).toEqual({
      ns: '',
      local: 'r',
      attrs: {},
      text: '',
      children: [
        {
          ns: 'urn:a',
          local: 'x',
          attrs: {},
          text: '',
          children: [{ ns: 'urn:b2', local: 'y', attrs: {}, text: '', children: [leaf('urn:b2', 'z')] }, leaf('urn:b', 'w')],
        },
      ],
    });
  });

  it('applies the default namespace to elements, not to attributes, and undeclares it with xmlns=""', () => {
    const root = parseXml('<r xmlns="urn:d" id="1"><c/><e xmlns=""><f/></e><g xmlns="urn:g"/></r>');
    expect(root.ns).toBe('urn:d');
    expect(root.attrs).toEqual({ id: '1' });
    expect(root.children).toEqual([leaf('urn:d', 'c'), { ns: '', local: 'e', attrs: {}, text: '', children: [leaf('', 'f')] }, leaf('urn:g', 'g')]);
  });

  it('keys prefixed attributes by namespace URI, whatever the prefix, and drops namespace declarations', () => {
    const doc = '<r xmlns:xl="http://www.w3.org/1999/xlink" xmlns:gco="urn:gco"><a xl:href="h" xl:title="t" gco:nilReason="missing" type="plain"/></r>';
    const a = parseXml(doc).children[0];
    expect(a?.attrs).toEqual({ [`{${XLINK_NS}}href`]: 'h', [`{${XLINK_NS}}title`]: 't', '{urn:gco}nilReason': 'missing', type: 'plain' });
    expect(attr(a, 'href', XLINK_NS)).toBe('h');
    expect(attr(a, 'type')).toBe('plain');
    expect(attr(a, 'href')).toBeUndefined();
  });

  it('binds the xml prefix without a declaration (xml:lang)', () => {
    const root = parseXml('<r><t xml:lang="fr">Titre</t><t xml:lang="en">Title</t></r>');
    expect(root.children.map((t) => attr(t, 'lang', XML_NS))).toEqual(['fr', 'en']);
    expect(root.children[0]?.attrs).toEqual({ [`{${XML_NS}}lang`]: 'fr' });
  });

  it('leaves an undeclared prefix without namespace', () => {
    expect(parseXml('<p:r p:a="1"/>')).toEqual(leaf('', 'r', '', { a: '1' }));
  });

  it('gives the same namespaces to siblings after a redeclaring element has closed', () => {
    const root = parseXml('<r xmlns="urn:1"><a xmlns="urn:2"/><b xmlns="urn:3"><c/></b><d/></r>');
    expect(root.children.map((c) => c.ns)).toEqual(['urn:2', 'urn:3', 'urn:1']);
    expect(root.children[1]?.children[0]?.ns).toBe('urn:3');
  });
});

describe('parseXml: text', () => {
  it('decodes the five predefined entities and character references in text and attributes', () => {
    const root = parseXml('<r a="&#xA;&#233;&lt;&quot;">&lt;&gt;&amp;&quot;&apos; &#233;&#xE9;&#x1F600;&#xA;x &amp;lt; &#38;lt;</r>');
    expect(root.text).toBe('<>&"\' éé😀\nx &lt; &lt;');
    expect(root.attrs).toEqual({ a: '\né<"' });
  });

  it('reads CDATA sections as text, undecoded', () => {
    expect(parseXml('<r>a <![CDATA[<b>&amp;</b> ]]>c</r>').text).toBe('a <b>&amp;</b> c');
    expect(parseXml('<r><![CDATA[x]]]]><![CDATA[>]]></r>').text).toBe('x]]>');
  });

  it('trims the text of each element, keeping inner white space and line breaks', () => {
    const root = parseXml('<r>\n  <a>  padded  </a>\n  <b>line 1\n    line 2</b>\n  <c>&#x20;&#9;</c>\n</r>');
    expect(root.text).toBe('');
    expect(root.children.map((c) => c.text)).toEqual(['padded', 'line 1\n    line 2', '']);
  });

  it('concatenates the own text of mixed content, not the text of children', () => {
    const root = parseXml('<p>Hello <b>bold</b> world <i>!</i> end</p>');
    expect(root.text).toBe('Hello  world  end');
    expect(root.children).toEqual([leaf('', 'b', 'bold'), leaf('', 'i', '!')]);
  });

  it('normalises line ends (CR LF and CR) to LF', () => {
    const root = parseXml('<r a="1\r\n2\r3">x\r\ny\rz</r>');
    expect(root.text).toBe('x\ny\nz');
    expect(root.attrs).toEqual({ a: '1\n2\n3' });
  });

  it('keeps attribute values as written, line breaks and tabs included', () => {
    expect(parseXml('<r a=\'say "hi"\' b="1\n\t2" c=""/>').attrs).toEqual({ a: 'say "hi"', b: '1\n\t2', c: '' });
  });

  it('ignores comments and processing instructions, before, inside and after the root', () => {
    const doc = '<?xml-stylesheet href="s.xsl"?>\n<!-- before -->\n<r>a<!-- <x/> -->b<?pi data?>c<d/></r>\n<!-- after --><?after?>\n';
    expect(parseXml(doc)).toEqual({ ns: '', local: 'r', attrs: {}, text: 'abc', children: [leaf('', 'd')] });
  });

  it('accepts a byte order mark and an XML declaration with an encoding', () => {
    const doc = '\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<r>é</r>';
    expect(parseXml(doc)).toEqual(leaf('', 'r', 'é'));
  });

  it('accepts a DOCTYPE without internal subset, and never reads its DTD', () => {
    const doc = '<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "http://example.invalid/r.dtd">\n<r>x</r>';
    expect(parseXml(doc)).toEqual(leaf('', 'r', 'x'));
    expect(parseXml('<!DOCTYPE r PUBLIC "-//X//DTD R//EN" "r.dtd"><r/>')).toEqual(leaf('', 'r'));
  });

  it('keeps names that are also properties of Object.prototype as plain attributes and elements', () => {
    const root = parseXml('<constructor __proto__="x" toString="y"><hasOwnProperty/></constructor>');
    expect(root.local).toBe('constructor');
    expect(Object.getPrototypeOf(root.attrs)).toBe(Object.prototype);
    expect(Object.entries(root.attrs)).toEqual([
      ['__proto__', 'x'],
      ['toString', 'y'],
    ]);
    expect(root.children[0]?.local).toBe('hasOwnProperty');
  });
});

describe('parseXml: refused documents', () => {
  it('refuses a DOCTYPE with an internal subset, whatever it declares', () => {
    expectRefused('<!DOCTYPE r [<!ELEMENT r ANY>]><r/>');
    expectRefused('<!DOCTYPE r [\n<!ENTITY x "y">\n]>\n<r>&x;</r>');
    expectRefused('<!doctype r [ ]><r/>');
    expectRefused('<!DOCTYPE r SYSTEM "a>b" [<!ELEMENT r ANY>]><r/>');
  });

  it('refuses entity declarations: XXE, billion laughs, or one in a comment', () => {
    expectRefused('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>');
    const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    expectRefused(`<!DOCTYPE r [<!ENTITY l0 "lol">${laughs}]><r>&l9;</r>`);
    expectRefused('<r><!-- <!ENTITY x "y"> --></r>');
    expectRefused('<r/><!entity x "y">');
  });

  it('never resolves an undefined entity', () => {
    expectMalformed('<r>&foo;</r>', /undefined entity &foo;/);
    expectMalformed('<r>&nbsp;</r>', /undefined entity &nbsp;/);
    expectMalformed('<r a="&xxe;"/>', /undefined entity &xxe;/);
  });

  it('refuses a bare ampersand and invalid character references', () => {
    expectMalformed('<r>AT&T</r>', /'&'/);
    expectMalformed('<r>&lt</r>', /'&'/);
    expectMalformed('<r>&#0;</r>', /invalid character reference &#0;/);
    expectMalformed('<r>&#xD800;</r>', /invalid character reference/);
    expectMalformed('<r>&#x110000;</r>', /invalid character reference/);
    expectMalformed('<r>&#x;</r>', /invalid character reference/);
  });

  it('refuses documents over MAX_XML_BYTES before parsing them', () => {
    const error = parseError(`<r>${' '.repeat(MAX_XML_BYTES)}</r>`);
    expect(error.code).toBe('PayloadTooLarge');
  });
});

describe('parseXml: malformed documents', () => {
  it.each([
    ['<r><a></r>', /expected <\/a>, found <\/r>/],
    ['<r>x</R>', /expected <\/r>, found <\/R>/],
    ['<r xmlns:p="u"><p:a></a></r>', /expected <\/p:a>, found <\/a>/],
    ['<r><a>', /element <a> is never closed/],
    ['<r', /unclosed start tag <r>/],
    ['<r a="1', /never closed/],
    ['</r>', /end tag <\/r> without a start tag/],
    ['<r/></r>', /end tag <\/r> without a start tag/],
    ['<r></r>junk', /junk after the root element/],
    ['<r></r><s/>', /junk after the root element: <s>/],
    ['<r/><![CDATA[x]]>', /CDATA section outside the root element/],
    ['text<r/>', /text before the root element/],
    ['<r a=1/>', /attribute a of <r> is not quoted/],
    ['<r a/>', /attribute a of <r> has no value/],
    ['<r a="1"b="2"/>', /white space before an attribute/],
    ['<r a="1" a="2"/>', /attribute a is repeated in <r>/],
    ['<r a="<"/>', /'<' in the value of attribute a/],
    ['<1r/>', /invalid element name/],
    ['< r/>', /invalid element name/],
    ['<r 1="x"/>', /invalid attribute name/],
    ['<r/ >', /expected '>' after '\/'/],
    ['<r></r x>', /expected '>' to end <\/r>/],
    ['<r><!-- x </r>', /unclosed comment/],
    ['<r><![CDATA[ x </r>', /unclosed CDATA section/],
    ['<r><?pi x </r>', /unclosed processing instruction/],
    ['<r><!ELEMENT r ANY></r>', /unexpected '<!'/],
    ['<r><!DOCTYPE r></r>', /misplaced DOCTYPE/],
    ['<!DOCTYPE r><!DOCTYPE r><r/>', /misplaced DOCTYPE/],
    [' <?xml version="1.0"?><r/>', /XML declaration is allowed only at the start/],
    ['<r><?xml version="1.0"?></r>', /XML declaration is allowed only at the start/],
    ['', /no root element/],
    ['  <!-- only a comment -->\n', /no root element/],
  ])('%j', (xml, message) => {
    expectMalformed(xml, message);
  });

  it('gives the line of the error', () => {
    expect(parseError('<r>\n  <a>\n  </b>\n</r>').message).toBe('malformed XML at line 3: expected </a>, found </b>');
    expect(parseError('<r>\r\n<a>\r\n<b/>\r\n</a>\r\n').message).toBe('malformed XML at line 1: element <r> is never closed');
    expect(parseError('<r>\r\n<a>\r\n<b/>\r\n</r>').message).toBe('malformed XML at line 4: expected </a>, found </r>');
    expect(parseError('<r>\n\n<a x="1" x="2"/></r>').message).toMatch(/^malformed XML at line 3: /);
  });
});

describe('parseXml: nesting and size', () => {
  const nested = (depth: number): string => '<e>'.repeat(depth) + '</e>'.repeat(depth);

  it(`reads ${MAX_XML_DEPTH} nested elements`, () => {
    let e: XmlElement | undefined = parseXml(nested(MAX_XML_DEPTH));
    let depth = 0;
    for (; e !== undefined; e = e.children[0]) depth++;
    expect(depth).toBe(MAX_XML_DEPTH);
  });

  it('refuses deeper nesting with a clear message, without overflowing the stack (100,000 levels)', () => {
    for (const depth of [MAX_XML_DEPTH + 1, 100_000]) {
      const error = parseError(nested(depth));
      expect(error.code).toBe('InvalidParameter');
      expect(error.message).toMatch(new RegExp(`nested more than ${MAX_XML_DEPTH} levels deep`));
    }
  });

  it('reads in linear time documents that a naive reader takes quadratic time on', () => {
    // 20,000 siblings under 5,000 namespace declarations, each sibling declaring one more.
    const n = 20_000;
    const declarations = Array.from({ length: 5_000 }, (_, i) => ` xmlns:p${i}="urn:${i}"`).join('');
    const siblings = Array.from({ length: n }, (_, i) => `<p${i % 5_000}:s xmlns:q="urn:q${i}" q:a="${i}">${i}</p${i % 5_000}:s>`).join('');
    const root = parseXml(`<r${declarations}>${siblings}</r>`);
    expect(root.children).toHaveLength(n);
    expect(root.children[n - 1]).toEqual(leaf(`urn:${(n - 1) % 5_000}`, 's', String(n - 1), { [`{urn:q${n - 1}}a`]: String(n - 1) }));
    // 20,000 attributes on one element, checked for repeats.
    const attrs = Array.from({ length: n }, (_, i) => ` a${i}="${i}"`).join('');
    expect(Object.keys(parseXml(`<r${attrs}/>`).attrs)).toHaveLength(n);
    expectMalformed(`<r${attrs} a${n - 1}="again"/>`, new RegExp(`attribute a${n - 1} is repeated`));
    // 100,000 comments that look like a DOCTYPE.
    expect(parseXml(`<r>${'<!-- <!DOCTYPE -->'.repeat(100_000)}</r>`)).toEqual(leaf('', 'r'));
  });
});

describe('element helpers', () => {
  const root = parseXml(
    '<r xmlns="urn:r" xmlns:o="urn:o"><a n="1"><b>x</b><b>y</b></a><o:a/><a n="2"><b>z</b><c><b>deep</b></c></a></r>',
  );

  it('child, children, path and pathAll match on namespace URI and local name', () => {
    expect(attr(child(root, 'urn:r', 'a'), 'n')).toBe('1');
    expect(child(root, 'urn:r', 'missing')).toBeUndefined();
    expect(child(undefined, 'urn:r', 'a')).toBeUndefined();
    expect(children(root, 'urn:r', 'a').map((a) => attr(a, 'n'))).toEqual(['1', '2']);
    expect(children(root, 'urn:o', 'a')).toHaveLength(1);
    expect(path(root, ['urn:r', 'a'], ['urn:r', 'b'])?.text).toBe('x');
    expect(path(root, ['urn:r', 'a'], ['urn:o', 'b'])).toBeUndefined();
    expect(pathAll(root, ['urn:r', 'a'], ['urn:r', 'b']).map((b) => b.text)).toEqual(['x', 'y', 'z']);
  });

  it('descendants searches depth first, in document order', () => {
    expect(descendants(root, 'urn:r', 'b').map((b) => b.text)).toEqual(['x', 'y', 'z', 'deep']);
  });
});

describe('decodeXml and escapeXml', () => {
  it('decodes UTF-8 unless the declaration names ISO-8859-1', () => {
    expect(decodeXml(new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?><r>é</r>'))).toBe('<?xml version="1.0" encoding="UTF-8"?><r>é</r>');
    const latin1 = Uint8Array.from([...'<?xml version="1.0" encoding="ISO-8859-1"?><r>'].map((c) => c.charCodeAt(0)).concat([0xe9], [...'</r>'].map((c) => c.charCodeAt(0))));
    expect(parseXml(decodeXml(latin1)).text).toBe('é');
  });

  it('escapes the five markup characters, and the parser reads them back', () => {
    const value = `a<b>&"c'`;
    expect(escapeXml(value)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(parseXml(`<r v="${escapeXml(value)}">${escapeXml(value)}</r>`)).toEqual(leaf('', 'r', value, { v: value }));
  });
});
