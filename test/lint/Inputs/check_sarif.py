#!/usr/bin/env python3
"""Validate a SARIF 2.1.0 log from gogo-rewrite --format=sarif and print
one line per result for FileCheck:

    RESULT <ruleId> <level> <uri>:<line>:<column> <message>
    RELATED <uri>:<line>:<column> <message>
    FIX <uri> <byteOffset> <byteLength> '<inserted text>'
    SUCCESSFUL <true|false>

check_sarif.py LOG [SOURCE-ROOT]: exits non-zero, naming the first
problem, when the log breaks the structure code-scanning services need
(GitHub's documented subset of the SARIF 2.1.0 schema): version and
$schema, one run, tool.driver with a name and unique rule ids, results
whose ruleId (and ruleIndex) name a rule, a level, a message text, a
physical location with a relative URI based on %SRCROOT% and a region
with a 1-based startLine and startColumn. With SOURCE-ROOT, %SRCROOT%
must be that directory and every URI must name an existing file there.
"""
import json
import os
import sys
from urllib.parse import unquote, urlparse


def fail(message):
    sys.exit('check_sarif.py: ' + message)


def need(cond, message):
    if not cond:
        fail(message)


def location_text(loc, root_ids, root):
    phys = loc.get('physicalLocation')
    need(isinstance(phys, dict), 'location without physicalLocation')
    art = phys.get('artifactLocation')
    need(isinstance(art, dict) and isinstance(art.get('uri'), str),
         'physicalLocation without artifactLocation.uri')
    uri = art['uri']
    base = art.get('uriBaseId')
    if base is not None:
        need(base in root_ids, 'uriBaseId %r not in originalUriBaseIds' % base)
        need(not urlparse(uri).scheme and not uri.startswith('/'),
             'uri %r with a uriBaseId must be relative' % uri)
        if root is not None:
            need(os.path.isfile(os.path.join(root, unquote(uri))),
                 'uri %r names no file under %s' % (uri, root))
    else:
        need(urlparse(uri).scheme == 'file',
             'uri %r without uriBaseId must be an absolute file URI' % uri)
    region = phys.get('region')
    need(isinstance(region, dict), 'physicalLocation without region')
    line, col = region.get('startLine'), region.get('startColumn')
    need(isinstance(line, int) and line >= 1, 'bad startLine %r' % line)
    need(isinstance(col, int) and col >= 1, 'bad startColumn %r' % col)
    return '%s:%d:%d' % (uri, line, col)


def main(argv):
    with open(argv[0]) as f:
        log = json.load(f)
    root = os.path.realpath(argv[1]) if len(argv) > 1 else None
    need(log.get('version') == '2.1.0', 'version is not 2.1.0')
    need('sarif-2.1.0' in log.get('$schema', ''), 'no 2.1.0 $schema')
    runs = log.get('runs')
    need(isinstance(runs, list) and len(runs) == 1, 'expected one run')
    run = runs[0]
    driver = run.get('tool', {}).get('driver')
    need(isinstance(driver, dict), 'run without tool.driver')
    need(driver.get('name') == 'gogo-rewrite', 'driver.name')
    rules = driver.get('rules')
    need(isinstance(rules, list) and rules, 'driver without rules')
    ids = [r.get('id') for r in rules]
    need(all(isinstance(i, str) and i for i in ids), 'rule without id')
    need(len(set(ids)) == len(ids), 'duplicate rule ids')
    for r in rules:
        need(r.get('shortDescription', {}).get('text'),
             'rule %s without shortDescription.text' % r['id'])
    root_ids = run.get('originalUriBaseIds', {})
    for name, base in root_ids.items():
        uri = base.get('uri', '')
        need(uri.startswith('file:///') and uri.endswith('/'),
             'base %s: %r is not a directory file URI' % (name, uri))
        if root is not None and name == '%SRCROOT%':
            need(os.path.realpath(unquote(urlparse(uri).path)) == root,
                 '%%SRCROOT%% is %r, not %s' % (uri, root))
    for inv in run.get('invocations', []):
        print('SUCCESSFUL', 'true' if inv.get('executionSuccessful') else 'false')
    results = run.get('results')
    need(isinstance(results, list), 'run without results')
    for res in results:
        rule = res.get('ruleId')
        need(rule in ids, 'ruleId %r is not a rule' % rule)
        if 'ruleIndex' in res:
            need(ids[res['ruleIndex']] == rule, 'ruleIndex does not match')
        level = res.get('level')
        need(level in ('none', 'note', 'warning', 'error'), 'level %r' % level)
        text = res.get('message', {}).get('text')
        need(isinstance(text, str) and text, 'result without message.text')
        locs = res.get('locations')
        need(isinstance(locs, list) and len(locs) == 1, 'expected one location')
        print('RESULT', rule, level, location_text(locs[0], root_ids, root), text)
        for rel in res.get('relatedLocations', []):
            print('RELATED', location_text(rel, root_ids, root),
                  rel.get('message', {}).get('text', ''))
        for fix in res.get('fixes', []):
            for change in fix['artifactChanges']:
                for rep in change['replacements']:
                    region = rep['deletedRegion']
                    print('FIX', change['artifactLocation']['uri'],
                          region['byteOffset'], region['byteLength'],
                          repr(rep.get('insertedContent', {}).get('text', '')))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
