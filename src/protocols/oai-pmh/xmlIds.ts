/**
 * xs:ID values must be unique in a whole XML document, and metadata payloads reuse theirs: every ISO
 * record written by the crosswalk has `gml:id="tp1"`, harvested ones have their own. A response with
 * several records is valid only when each record's ids are made its own, so each `id` attribute (any
 * prefix: `gml:id`, `xml:id`, or gco's bare `id`) gets a per-record prefix, and so does each same-document
 * reference to one (`href="#..."`). Only start tags are touched: text, CDATA sections, comments and
 * processing instructions stay as they are.
 */
const MARKUP =
  /(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>)|<[A-Za-z_][\w.:-]*(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*\/?>/g;
const ATTRIBUTE = /(\s)((?:[A-Za-z_][\w.-]*:)?(id|href))(\s*=\s*)(?:"([^"]*)"|'([^']*)')/g;

export function scopeXmlIds(xml: string, scope: string): string {
  return xml.replace(MARKUP, (tag: string, skipped: string | undefined) => {
    if (skipped !== undefined) return tag;
    return tag.replace(ATTRIBUTE, (attribute: string, space: string, name: string, local: string, equals: string, double?: string, single?: string) => {
      const value = double ?? single ?? '';
      let scoped: string;
      if (local === 'id') scoped = `${scope}-${value}`;
      else if (value.startsWith('#') && value.length > 1) scoped = `#${scope}-${value.slice(1)}`;
      else return attribute;
      const quote = double === undefined ? "'" : '"';
      return `${space}${name}${equals}${quote}${scoped}${quote}`;
    });
  });
}
