import { describe, expect, it } from 'vitest';
import { MeridianError } from '../../../src/core/errors.js';
import { fragmentText, selectFragments } from '../../../src/core/xmlFragments.js';

const A = 'urn:a';
const B = 'urn:b';

describe('XML fragments', () => {
  const doc =
    `<?xml version="1.0"?><!-- a page --><a:list xmlns:a="${A}" xmlns:b="${B}" xmlns:unused="urn:u">` +
    `<a:item n="1 &amp; 2"><b:rec b:x="y"><![CDATA[<not a tag>]]><b:v>1</b:v></b:rec></a:item>` +
    `<a:item><rec xmlns="${B}"/></a:item><a:other><b:rec/></a:other></a:list>`;

  it('selects the elements at the end of each path, in one pass, as standalone documents', () => {
    const { root, found } = selectFragments(doc, { recs: [[A, 'list'], [A, 'item'], '*'], items: [[A, 'list'], [A, 'item']] });
    expect(root).toEqual({ ns: A, local: 'list' });
    expect(found.recs.map((f) => f.text)).toEqual([
      `<b:rec xmlns:b="${B}" b:x="y"><![CDATA[<not a tag>]]><b:v>1</b:v></b:rec>`,
      `<rec xmlns="${B}"/>`,
    ]);
    expect(found.items.map((f) => f.attrs)).toEqual([{ n: '1 & 2' }, {}]);
  });

  it('refuses unbalanced documents: a truncated page is not a shorter page', () => {
    expect(() => selectFragments(doc.slice(0, 120), { all: ['*'] })).toThrow(MeridianError);
    expect(() => selectFragments('<a><b></a></b>', { all: ['*'] })).toThrow(/closes <b>/);
    expect(() => selectFragments('no markup', { all: ['*'] })).toThrow(/no root element/);
  });

  it('checks the balance inside elements off every path, and what follows a root that closes itself', () => {
    const path = { id: [['', 'r'], ['', 'id']] as const };
    expect(() => selectFragments('<r><other><x><y></x></y></other></r>', path)).toThrow(/<\/x> closes <y>/);
    expect(() => selectFragments('<r><other><x>', path)).toThrow(/ends inside <x>/);
    expect(() => selectFragments('<r/><s/>', path)).toThrow(/after the root element/);
    expect(selectFragments('<r><other><id>no</id></other><id>yes</id></r>', path).found.id.map(fragmentText)).toEqual(['yes']);
  });

  it('reads the text of a small fragment', () => {
    const { found } = selectFragments('<r><id> x &amp; y </id><empty/></r>', { id: ['*', '*'] });
    expect(found.id.map(fragmentText)).toEqual(['x & y', undefined]);
  });
});
