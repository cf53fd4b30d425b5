"""Drives a CSW endpoint with OWSLib (as QGIS MetaSearch does) and prints what it saw as JSON.

Usage: python3 owslib_client.py <csw endpoint URL>
"""
import json
import sys
import warnings

from owslib.csw import CatalogueServiceWeb
from owslib.fes import And, BBox, Not, Or, PropertyIsEqualTo, PropertyIsLike

warnings.simplefilter('ignore')
GMD = 'http://www.isotc211.org/2005/gmd'


def ids(csw):
    return sorted(csw.records.keys())


def main(url):
    csw = CatalogueServiceWeb(url, timeout=60)
    out = {
        'version': csw.version,
        'title': csw.identification.title,
        'operations': [op.name for op in csw.operations],
        'getrecords_post': csw.get_operation_by_name('GetRecords').methods[1]['url'],
    }

    csw.getrecords2(constraints=[PropertyIsLike('csw:AnyText', '%temperature%')], esn='full', maxrecords=50)
    out['anytext'] = {'matches': csw.results['matches'], 'ids': ids(csw)}

    csw.getrecords2(constraints=[BBox([37, 4, 41, 9])], esn='brief', maxrecords=50)
    out['bbox'] = {'matches': csw.results['matches'], 'ids': ids(csw)}

    csw.getrecords2(constraints=[BBox([4, 37, 9, 41], crs='urn:ogc:def:crs:OGC:1.3:CRS84')], esn='brief', maxrecords=50)
    out['bbox_crs84'] = {'matches': csw.results['matches'], 'ids': ids(csw)}

    logic = And([
        Or([PropertyIsEqualTo('dc:type', 'http://purl.org/dc/dcmitype/Image'), PropertyIsEqualTo('dc:type', 'http://purl.org/dc/dcmitype/Text')]),
        Not([PropertyIsLike('dc:title', 'Lorem%')]),
    ])
    csw.getrecords2(constraints=[logic], esn='summary', maxrecords=50)
    out['and_or_not'] = {'matches': csw.results['matches'], 'ids': ids(csw)}

    csw.getrecords2(constraints=[PropertyIsEqualTo('apiso:OrganisationName', 'Marine Institute')], esn='brief', maxrecords=50)
    out['organisation'] = {'matches': csw.results['matches'], 'ids': ids(csw)}

    csw.getrecords2(constraints=[PropertyIsLike('apiso:OrganisationName', '%meteorological%')], esn='brief', maxrecords=50)
    out['organisation_like'] = {'matches': csw.results['matches'], 'ids': ids(csw)}

    csw.getrecords2(cql="dc:title like '%lor%'", esn='brief', maxrecords=50)
    out['cql'] = {'matches': csw.results['matches'], 'titles': sorted(r.title for r in csw.records.values())}

    seen, pages, start = [], 0, 0
    while True:
        csw.getrecords2(esn='brief', maxrecords=7, startposition=start)
        pages += 1
        seen += list(csw.records.keys())
        if csw.results['nextrecord'] == 0 or pages > 20:
            break
        start = csw.results['nextrecord']
    out['paging'] = {'matches': csw.results['matches'], 'pages': pages, 'seen': len(seen), 'unique': len(set(seen))}

    csw.getrecords2(typenames='gmd:MD_Metadata', outputschema=GMD, esn='full', maxrecords=50)
    out['gmd'] = {
        'matches': csw.results['matches'],
        'returned': csw.results['returned'],
        'titles': {k: r.identification.title for k, r in csw.records.items()},
        'keywords': sum(len(r.identification.keywords) for r in csw.records.values()),
    }

    csw.getrecords2(typenames='gmd:MD_Metadata', outputschema=GMD, esn='brief', maxrecords=50)
    out['gmd_brief'] = {
        'returned': csw.results['returned'],
        'titles': {k: r.identification.title for k, r in csw.records.items()},
        'keywords': sum(len(r.identification.keywords) for r in csw.records.values()),
    }

    csw.getrecordbyid(id=['urn:uuid:94bc9c83-97f6-4b40-9eb8-a8e8787a5c63'], esn='full')
    out['byid'] = {k: {'title': r.title, 'type': r.type, 'bbox': [r.bbox.minx, r.bbox.miny, r.bbox.maxx, r.bbox.maxy]} for k, r in csw.records.items()}

    csw.getrecordbyid(id=['17bd184a-7e7d-4f81-95a5-041449a7212b'], outputschema=GMD)
    out['byid_gmd'] = {k: {'title': r.identification.title, 'contact': r.contact[0].organization if r.contact else None} for k, r in csw.records.items()}

    csw.getrecordbyid(id=['urn:uuid:not-there'])
    out['byid_unknown'] = len(csw.records)
    print(json.dumps(out))


if __name__ == '__main__':
    main(sys.argv[1])
