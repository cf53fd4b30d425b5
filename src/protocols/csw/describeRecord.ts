import { CSW, DC, DCT, GMD, OWS, XSD } from './namespaces.js';
import type { TypeName } from './request.js';

/** The csw:Record schema (record.xsd of CSW 2.0.2), its imports pointing at the official copies. */
const CSW_RECORD_SCHEMA =
  `<xsd:schema xmlns:xsd="${XSD}" xmlns:csw="${CSW}" xmlns:dc="${DC}" xmlns:dct="${DCT}" xmlns:ows="${OWS}" ` +
  `targetNamespace="${CSW}" elementFormDefault="qualified" version="2.0.2">` +
  `<xsd:import namespace="${DCT}" schemaLocation="http://schemas.opengis.net/csw/2.0.2/rec-dcterms.xsd"/>` +
  `<xsd:import namespace="${DC}" schemaLocation="http://schemas.opengis.net/csw/2.0.2/rec-dcmes.xsd"/>` +
  `<xsd:import namespace="${OWS}" schemaLocation="http://schemas.opengis.net/ows/1.0.0/owsAll.xsd"/>` +
  '<xsd:element name="AbstractRecord" type="csw:AbstractRecordType" abstract="true"/>' +
  '<xsd:complexType name="AbstractRecordType" abstract="true"/>' +
  '<xsd:element name="DCMIRecord" type="csw:DCMIRecordType" substitutionGroup="csw:AbstractRecord"/>' +
  '<xsd:complexType name="DCMIRecordType"><xsd:complexContent><xsd:extension base="csw:AbstractRecordType">' +
  '<xsd:sequence><xsd:group ref="dct:DCMI-terms"/></xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>' +
  '<xsd:element name="BriefRecord" type="csw:BriefRecordType" substitutionGroup="csw:AbstractRecord"/>' +
  '<xsd:complexType name="BriefRecordType" final="#all"><xsd:complexContent><xsd:extension base="csw:AbstractRecordType"><xsd:sequence>' +
  '<xsd:element ref="dc:identifier" maxOccurs="unbounded"/><xsd:element ref="dc:title" maxOccurs="unbounded"/>' +
  '<xsd:element ref="dc:type" minOccurs="0"/><xsd:element ref="ows:BoundingBox" minOccurs="0" maxOccurs="unbounded"/>' +
  '</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>' +
  '<xsd:element name="SummaryRecord" type="csw:SummaryRecordType" substitutionGroup="csw:AbstractRecord"/>' +
  '<xsd:complexType name="SummaryRecordType" final="#all"><xsd:complexContent><xsd:extension base="csw:AbstractRecordType"><xsd:sequence>' +
  '<xsd:element ref="dc:identifier" maxOccurs="unbounded"/><xsd:element ref="dc:title" maxOccurs="unbounded"/>' +
  '<xsd:element ref="dc:type" minOccurs="0"/><xsd:element ref="dc:subject" minOccurs="0" maxOccurs="unbounded"/>' +
  '<xsd:element ref="dc:format" minOccurs="0" maxOccurs="unbounded"/><xsd:element ref="dc:relation" minOccurs="0" maxOccurs="unbounded"/>' +
  '<xsd:element ref="dct:modified" minOccurs="0" maxOccurs="unbounded"/><xsd:element ref="dct:abstract" minOccurs="0" maxOccurs="unbounded"/>' +
  '<xsd:element ref="dct:spatial" minOccurs="0" maxOccurs="unbounded"/><xsd:element ref="ows:BoundingBox" minOccurs="0" maxOccurs="unbounded"/>' +
  '</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>' +
  '<xsd:element name="Record" type="csw:RecordType" substitutionGroup="csw:AbstractRecord"/>' +
  '<xsd:complexType name="RecordType" final="#all"><xsd:complexContent><xsd:extension base="csw:DCMIRecordType"><xsd:sequence>' +
  '<xsd:element name="AnyText" type="csw:EmptyType" minOccurs="0" maxOccurs="unbounded"/>' +
  '<xsd:element ref="ows:BoundingBox" minOccurs="0" maxOccurs="unbounded"/>' +
  '</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>' +
  '<xsd:complexType name="EmptyType"/>' +
  '</xsd:schema>';

/** ISO 19139 records: the gmd schema, by reference to the official copy. */
const GMD_SCHEMA =
  `<xsd:schema xmlns:xsd="${XSD}" targetNamespace="${GMD}" elementFormDefault="qualified">` +
  '<xsd:include schemaLocation="http://schemas.opengis.net/iso/19139/20070417/gmd/gmd.xsd"/>' +
  '</xsd:schema>';

const COMPONENTS: Readonly<Record<TypeName, readonly [string, string]>> = {
  'csw:Record': [CSW, CSW_RECORD_SCHEMA],
  'gmd:MD_Metadata': [GMD, GMD_SCHEMA],
};

/** The csw:SchemaComponent of each type asked for (every type when none is). */
export function schemaComponents(typeNames: readonly TypeName[]): string[] {
  const types = typeNames.length === 0 ? (Object.keys(COMPONENTS) as TypeName[]) : [...new Set(typeNames)];
  return types.map((t) => {
    const [ns, schema] = COMPONENTS[t];
    return `<csw:SchemaComponent targetNamespace="${ns}" schemaLanguage="http://www.w3.org/XML/Schema">${schema}</csw:SchemaComponent>`;
  });
}
