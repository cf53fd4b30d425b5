/**
 * A hand-made ISO 19139:2007 record exercising what the shared fixtures lack: PT_FreeText translations
 * with gmd:locale, a DOI, an open-ended period, several boxes, OPeNDAP/WMS/download resources.
 * Each section can be replaced to test one behaviour.
 */
export interface IsoDocumentParts {
  readonly fileIdentifier?: string | null;
  readonly encoding?: string;
  readonly hierarchyLevel?: string;
  readonly title?: string;
  readonly extent?: string;
  readonly keywords?: string;
  readonly constraints?: string;
}

const DEFAULT_EXTENT = `
<gmd:extent><gmd:EX_Extent>
  <gmd:geographicElement><gmd:EX_GeographicBoundingBox>
    <gmd:westBoundLongitude><gco:Decimal>-5.5</gco:Decimal></gmd:westBoundLongitude>
    <gmd:eastBoundLongitude><gco:Decimal>10</gco:Decimal></gmd:eastBoundLongitude>
    <gmd:southBoundLatitude><gco:Decimal>41</gco:Decimal></gmd:southBoundLatitude>
    <gmd:northBoundLatitude><gco:Decimal>51.5</gco:Decimal></gmd:northBoundLatitude>
  </gmd:EX_GeographicBoundingBox></gmd:geographicElement>
  <gmd:geographicElement><gmd:EX_GeographicBoundingBox>
    <gmd:westBoundLongitude><gco:Decimal>55</gco:Decimal></gmd:westBoundLongitude>
    <gmd:eastBoundLongitude><gco:Decimal>56</gco:Decimal></gmd:eastBoundLongitude>
    <gmd:southBoundLatitude><gco:Decimal>-21.5</gco:Decimal></gmd:southBoundLatitude>
    <gmd:northBoundLatitude><gco:Decimal>-20.8</gco:Decimal></gmd:northBoundLatitude>
  </gmd:EX_GeographicBoundingBox></gmd:geographicElement>
  <gmd:temporalElement><gmd:EX_TemporalExtent><gmd:extent>
    <gml:TimePeriod gml:id="tp1"><gml:beginPosition>1979-01</gml:beginPosition><gml:endPosition indeterminatePosition="now"/></gml:TimePeriod>
  </gmd:extent></gmd:EX_TemporalExtent></gmd:temporalElement>
</gmd:EX_Extent></gmd:extent>`;

const DEFAULT_KEYWORDS = `
<gmd:descriptiveKeywords><gmd:MD_Keywords>
  <gmd:keyword><gmx:Anchor xlink:href="http://vocab.nerc.ac.uk/collection/P07/current/CFSN0023/">air_temperature</gmx:Anchor></gmd:keyword>
  <gmd:keyword xsi:type="gmd:PT_FreeText_PropertyType"><gco:CharacterString>Température de l'air</gco:CharacterString>
    <gmd:PT_FreeText><gmd:textGroup><gmd:LocalisedCharacterString locale="#EN">Air temperature</gmd:LocalisedCharacterString></gmd:textGroup></gmd:PT_FreeText></gmd:keyword>
  <gmd:type><gmd:MD_KeywordTypeCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_KeywordTypeCode" codeListValue="theme">theme</gmd:MD_KeywordTypeCode></gmd:type>
  <gmd:thesaurusName><gmd:CI_Citation>
    <gmd:title><gmx:Anchor xlink:href="http://vocab.nerc.ac.uk/collection/P07/current/">CF Standard Names</gmx:Anchor></gmd:title>
    <gmd:date gco:nilReason="unknown"/>
  </gmd:CI_Citation></gmd:thesaurusName>
</gmd:MD_Keywords></gmd:descriptiveKeywords>
<gmd:descriptiveKeywords><gmd:MD_Keywords>
  <gmd:keyword><gco:CharacterString>IPSL</gco:CharacterString></gmd:keyword>
</gmd:MD_Keywords></gmd:descriptiveKeywords>`;

const DEFAULT_CONSTRAINTS = `
<gmd:resourceConstraints><gmd:MD_LegalConstraints>
  <gmd:useLimitation><gco:CharacterString>Citer la source</gco:CharacterString></gmd:useLimitation>
  <gmd:useConstraints><gmd:MD_RestrictionCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_RestrictionCode" codeListValue="license">license</gmd:MD_RestrictionCode></gmd:useConstraints>
  <gmd:otherConstraints><gmx:Anchor xlink:href="https://creativecommons.org/licenses/by/4.0/">Creative Commons Attribution 4.0</gmx:Anchor></gmd:otherConstraints>
</gmd:MD_LegalConstraints></gmd:resourceConstraints>`;

export function isoDocument(parts: IsoDocumentParts = {}): string {
  const id = parts.fileIdentifier === undefined ? 'ipsl-tas-1979' : parts.fileIdentifier;
  return `<?xml version="1.0" encoding="${parts.encoding ?? 'UTF-8'}"?>
<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco"
  xmlns:gmx="http://www.isotc211.org/2005/gmx" xmlns:gml="http://www.opengis.net/gml/3.2"
  xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
${id === null ? '' : `<gmd:fileIdentifier><gco:CharacterString>${id}</gco:CharacterString></gmd:fileIdentifier>`}
<gmd:language><gmd:LanguageCode codeList="http://www.loc.gov/standards/iso639-2/" codeListValue="fre">fre</gmd:LanguageCode></gmd:language>
<gmd:parentIdentifier><gco:CharacterString>ipsl-reanalyses</gco:CharacterString></gmd:parentIdentifier>
<gmd:hierarchyLevel><gmd:MD_ScopeCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_ScopeCode" codeListValue="${parts.hierarchyLevel ?? 'dataset'}">${parts.hierarchyLevel ?? 'dataset'}</gmd:MD_ScopeCode></gmd:hierarchyLevel>
<gmd:contact><gmd:CI_ResponsibleParty>
  <gmd:organisationName><gco:CharacterString>IPSL</gco:CharacterString></gmd:organisationName>
  <gmd:contactInfo><gmd:CI_Contact><gmd:address><gmd:CI_Address><gmd:electronicMailAddress><gco:CharacterString>data@ipsl.fr</gco:CharacterString></gmd:electronicMailAddress></gmd:CI_Address></gmd:address></gmd:CI_Contact></gmd:contactInfo>
  <gmd:role><gmd:CI_RoleCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_RoleCode" codeListValue="pointOfContact">pointOfContact</gmd:CI_RoleCode></gmd:role>
</gmd:CI_ResponsibleParty></gmd:contact>
<gmd:dateStamp><gco:DateTime>2024-02-01T10:00:00Z</gco:DateTime></gmd:dateStamp>
<gmd:locale><gmd:PT_Locale id="EN"><gmd:languageCode><gmd:LanguageCode codeList="http://www.loc.gov/standards/iso639-2/" codeListValue="eng">eng</gmd:LanguageCode></gmd:languageCode><gmd:characterEncoding><gmd:MD_CharacterSetCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_CharacterSetCode" codeListValue="utf8">utf8</gmd:MD_CharacterSetCode></gmd:characterEncoding></gmd:PT_Locale></gmd:locale>
<gmd:locale><gmd:PT_Locale id="DE"><gmd:languageCode><gmd:LanguageCode codeList="http://www.loc.gov/standards/iso639-2/" codeListValue="ger">ger</gmd:LanguageCode></gmd:languageCode><gmd:characterEncoding><gmd:MD_CharacterSetCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_CharacterSetCode" codeListValue="utf8">utf8</gmd:MD_CharacterSetCode></gmd:characterEncoding></gmd:PT_Locale></gmd:locale>
<gmd:identificationInfo><gmd:MD_DataIdentification>
  <gmd:citation><gmd:CI_Citation>
    <gmd:title xsi:type="gmd:PT_FreeText_PropertyType"><gco:CharacterString>${parts.title ?? 'Température près de la surface, réanalyse IPSL'}</gco:CharacterString>
      <gmd:PT_FreeText>
        <gmd:textGroup><gmd:LocalisedCharacterString locale="#EN">Near-surface temperature, IPSL reanalysis</gmd:LocalisedCharacterString></gmd:textGroup>
        <gmd:textGroup><gmd:LocalisedCharacterString locale="#DE">Oberflächennahe Temperatur, IPSL-Reanalyse</gmd:LocalisedCharacterString></gmd:textGroup>
      </gmd:PT_FreeText></gmd:title>
    <gmd:date><gmd:CI_Date><gmd:date><gco:Date>2020-03-04</gco:Date></gmd:date><gmd:dateType><gmd:CI_DateTypeCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_DateTypeCode" codeListValue="creation">creation</gmd:CI_DateTypeCode></gmd:dateType></gmd:CI_Date></gmd:date>
    <gmd:date><gmd:CI_Date><gmd:date><gco:DateTime>2023-11-20T08:30:00+01:00</gco:DateTime></gmd:date><gmd:dateType><gmd:CI_DateTypeCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_DateTypeCode" codeListValue="revision">revision</gmd:CI_DateTypeCode></gmd:dateType></gmd:CI_Date></gmd:date>
    <gmd:date><gmd:CI_Date><gmd:date><gco:Date>2020-06</gco:Date></gmd:date><gmd:dateType><gmd:CI_DateTypeCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_DateTypeCode" codeListValue="publication">publication</gmd:CI_DateTypeCode></gmd:dateType></gmd:CI_Date></gmd:date>
    <gmd:edition><gco:CharacterString>v2.1</gco:CharacterString></gmd:edition>
    <gmd:identifier><gmd:MD_Identifier><gmd:code><gmx:Anchor xlink:href="https://doi.org/10.14768/ipsl.tas.1979">doi:10.14768/ipsl.tas.1979</gmx:Anchor></gmd:code></gmd:MD_Identifier></gmd:identifier>
    <gmd:citedResponsibleParty><gmd:CI_ResponsibleParty>
      <gmd:individualName><gco:CharacterString>Marie Curie</gco:CharacterString></gmd:individualName>
      <gmd:organisationName><gco:CharacterString>LSCE</gco:CharacterString></gmd:organisationName>
      <gmd:positionName><gco:CharacterString>Chercheuse</gco:CharacterString></gmd:positionName>
      <gmd:contactInfo><gmd:CI_Contact>
        <gmd:phone><gmd:CI_Telephone><gmd:voice><gco:CharacterString>+33 1 69 08 00 00</gco:CharacterString></gmd:voice></gmd:CI_Telephone></gmd:phone>
        <gmd:address><gmd:CI_Address><gmd:city><gco:CharacterString>Gif-sur-Yvette</gco:CharacterString></gmd:city><gmd:country><gco:CharacterString>France</gco:CharacterString></gmd:country><gmd:electronicMailAddress><gco:CharacterString>marie.curie@lsce.ipsl.fr</gco:CharacterString></gmd:electronicMailAddress></gmd:CI_Address></gmd:address>
        <gmd:onlineResource><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>https://www.lsce.ipsl.fr/</gmd:URL></gmd:linkage></gmd:CI_OnlineResource></gmd:onlineResource>
      </gmd:CI_Contact></gmd:contactInfo>
      <gmd:role><gmd:CI_RoleCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_RoleCode" codeListValue="principalInvestigator">principalInvestigator</gmd:CI_RoleCode></gmd:role>
    </gmd:CI_ResponsibleParty></gmd:citedResponsibleParty>
  </gmd:CI_Citation></gmd:citation>
  <gmd:abstract xsi:type="gmd:PT_FreeText_PropertyType"><gco:CharacterString>Température de l'air à 2 m, mensuelle.</gco:CharacterString>
    <gmd:PT_FreeText><gmd:textGroup><gmd:LocalisedCharacterString locale="#EN">Monthly 2 m air temperature.</gmd:LocalisedCharacterString></gmd:textGroup></gmd:PT_FreeText></gmd:abstract>
  <gmd:pointOfContact><gmd:CI_ResponsibleParty>
    <gmd:organisationName><gco:CharacterString>ESPRI</gco:CharacterString></gmd:organisationName>
    <gmd:role><gmd:CI_RoleCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_RoleCode" codeListValue="distributor">distributor</gmd:CI_RoleCode></gmd:role>
  </gmd:CI_ResponsibleParty></gmd:pointOfContact>
  <gmd:graphicOverview><gmd:MD_BrowseGraphic><gmd:fileName><gco:CharacterString>https://data.ipsl.fr/previews/tas.png</gco:CharacterString></gmd:fileName><gmd:fileDescription><gco:CharacterString>Aperçu</gco:CharacterString></gmd:fileDescription></gmd:MD_BrowseGraphic></gmd:graphicOverview>
  ${parts.keywords ?? DEFAULT_KEYWORDS}
  ${parts.constraints ?? DEFAULT_CONSTRAINTS}
  <gmd:language><gmd:LanguageCode codeList="http://www.loc.gov/standards/iso639-2/" codeListValue="fre">fre</gmd:LanguageCode></gmd:language>
  <gmd:topicCategory><gmd:MD_TopicCategoryCode>climatologyMeteorologyAtmosphere</gmd:MD_TopicCategoryCode></gmd:topicCategory>
  ${parts.extent ?? DEFAULT_EXTENT}
</gmd:MD_DataIdentification></gmd:identificationInfo>
<gmd:distributionInfo><gmd:MD_Distribution><gmd:transferOptions><gmd:MD_DigitalTransferOptions>
  <gmd:onLine><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>https://thredds.ipsl.fr/thredds/dodsC/tas_1979.nc</gmd:URL></gmd:linkage><gmd:protocol><gco:CharacterString>OPeNDAP:OPeNDAP</gco:CharacterString></gmd:protocol><gmd:name><gco:CharacterString>OPeNDAP access</gco:CharacterString></gmd:name></gmd:CI_OnlineResource></gmd:onLine>
  <gmd:onLine><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>https://thredds.ipsl.fr/thredds/wms/tas_1979.nc</gmd:URL></gmd:linkage><gmd:protocol><gco:CharacterString>OGC:WMS</gco:CharacterString></gmd:protocol><gmd:name><gco:CharacterString>tas</gco:CharacterString></gmd:name></gmd:CI_OnlineResource></gmd:onLine>
  <gmd:onLine><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>https://thredds.ipsl.fr/thredds/fileServer/tas_1979.nc</gmd:URL></gmd:linkage><gmd:protocol><gco:CharacterString>WWW:DOWNLOAD-1.0-http--download</gco:CharacterString></gmd:protocol><gmd:function><gmd:CI_OnLineFunctionCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_OnLineFunctionCode" codeListValue="download">download</gmd:CI_OnLineFunctionCode></gmd:function></gmd:CI_OnlineResource></gmd:onLine>
  <gmd:onLine><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>https://data.ipsl.fr/catalog/tas</gmd:URL></gmd:linkage><gmd:protocol><gco:CharacterString>WWW:LINK-1.0-http--link</gco:CharacterString></gmd:protocol><gmd:function><gmd:CI_OnLineFunctionCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_OnLineFunctionCode" codeListValue="information">information</gmd:CI_OnLineFunctionCode></gmd:function></gmd:CI_OnlineResource></gmd:onLine>
</gmd:MD_DigitalTransferOptions></gmd:transferOptions></gmd:MD_Distribution></gmd:distributionInfo>
<gmd:dataQualityInfo><gmd:DQ_DataQuality><gmd:scope><gmd:DQ_Scope><gmd:level><gmd:MD_ScopeCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_ScopeCode" codeListValue="dataset">dataset</gmd:MD_ScopeCode></gmd:level></gmd:DQ_Scope></gmd:scope>
  <gmd:lineage><gmd:LI_Lineage><gmd:statement><gco:CharacterString>Moyennes mensuelles calculées à partir des données horaires.</gco:CharacterString></gmd:statement></gmd:LI_Lineage></gmd:lineage>
</gmd:DQ_DataQuality></gmd:dataQualityInfo>
</gmd:MD_Metadata>
`;
}
