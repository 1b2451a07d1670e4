"""Remove the GDS Transport font from a GOV.UK Frontend stylesheet (see README.md here)."""
import re
import sys
from pathlib import Path

source = Path(sys.argv[1]).read_text(encoding="utf-8")
css = re.sub(r"@font-face\{font-family:GDS Transport;[^}]*\}", "", source)
css = css.replace("font-family:GDS Transport,arial,sans-serif", "font-family:arial,sans-serif")
css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
if "GDS Transport" in css:
    raise SystemExit("a GDS Transport reference is left: check the new release")
Path(__file__).with_name("govuk-frontend.min.css").write_text(css, encoding="utf-8")
