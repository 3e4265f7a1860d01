"""Makes the SBOMs that build-release.sh writes the same for the same commit, wherever it is
built: the time of the BOM becomes SOURCE_DATE_EPOCH, the source folder's path the remapped one
(as --remap-path-prefix does for the binaries), and the serial number, which the tools draw at
random, a UUID derived from the rest of the BOM (the same content, the same serial).

Usage: sbom_stable.py SOURCE_DATE_EPOCH FROM=TO FILE.cdx.json...
"""

import datetime
import json
import sys
import uuid

epoch = int(sys.argv[1])
source, _, remapped = sys.argv[2].partition("=")
when = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
for path in sys.argv[3:]:
    with open(path, encoding="utf-8") as f:
        bom = json.loads(f.read().replace(source, remapped))
    bom.setdefault("metadata", {})["timestamp"] = when
    bom.pop("serialNumber", None)
    content = json.dumps(bom, ensure_ascii=False, sort_keys=True)
    serial = uuid.uuid5(uuid.NAMESPACE_URL, "rinko-sbom:" + content)
    bom = {"bomFormat": bom.pop("bomFormat"), "specVersion": bom.pop("specVersion"),
           "serialNumber": f"urn:uuid:{serial}", **bom}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(bom, f, ensure_ascii=False, indent=2)
        f.write("\n")
