"""Read a definition's scales, and the built-in ones of scales.yaml, into `Scale`s.

A scale is a named list of at least two points, a direction, how many points at each end count
as positive and negative, and an optional "don't know" answer whose id differs from every
point's. survey.definition reads scales.yaml through `scales` alone, before any questionnaire,
so these readers need nothing but the shapes. DIRECTIONS is also what the builder's scale page
offers; it imports it from survey.definition.validate, which must keep it importable.
"""
from __future__ import annotations

from survey.definition import messages as msg
from survey.definition.check_shapes import ID_PATTERN, ShapeChecks
from survey.definition.model import Choice, Scale, default_group
from survey.definition.yamlnodes import Node, shown

SCALE_KEYS = ("points", "direction", "top_count", "top_label", "bottom_count", "bottom_label",
              "dont_know")
DIRECTIONS = ("one-way", "two-way")


class ScaleChecks(ShapeChecks):
    """Reads the `scales` mapping and each scale in it."""

    def scale(self, scale_id: str, node: Node) -> Scale | None:
        where = f"scale '{scale_id}'"
        fields = self.mapping(node, where, SCALE_KEYS, ("points",))
        if fields is None:
            return None
        points = self.choices(fields, "points", where, "point",
                              ("id", "label", "face", "safeguarding"))
        if "points" in fields and isinstance(fields["points"].value, list) and len(points) == 1:
            self.error(fields["points"].line, msg.SCALE_TOO_SHORT.format(where=where, found=1))
        direction = self.text(fields, "direction", where, "one-way")
        if direction not in DIRECTIONS:
            self.error(fields["direction"].line, msg.BAD_DIRECTION.format(
                where=where, allowed=", ".join(DIRECTIONS), found=shown(direction)))
        top = self.whole_number(fields, "top_count", where, default_group(len(points)))
        bottom = self.whole_number(fields, "bottom_count", where, default_group(len(points)))
        if len(points) >= 2 and top + bottom > len(points):
            self.error(node.line, msg.SCALE_COUNTS.format(
                where=where, top=top, bottom=bottom, points=len(points)))
        # "dont_know: Don't know", or a mapping for another id and label (not-sure, Not sure)
        dont_know = None
        if isinstance(fields.get("dont_know", Node(None, 0)).value, dict):
            parts = self.mapping(fields["dont_know"], f"{where}, dont_know", ("id", "label"),
                                 ("id", "label"))
            if parts is not None:
                dont_know = Choice(self.ident(parts, f"{where}, dont_know", {}, ""),
                                   self.text(parts, "label", where, required=True))
        elif self.text(fields, "dont_know", where):
            dont_know = Choice("dont-know", self.text(fields, "dont_know", where))
        if dont_know and dont_know.id in {p.id for p in points}:
            self.error(fields["dont_know"].line, msg.DUPLICATE_ID.format(
                where=where, id=dont_know.id, first=fields["points"].line, scope="within the scale"))
        return Scale(
            id=scale_id,
            points=points,
            direction=direction,
            top_count=top,
            top_label=self.text(fields, "top_label", where, "Positive"),
            bottom_count=bottom,
            bottom_label=self.text(fields, "bottom_label", where, "Negative"),
            dont_know=dont_know,
        )

    def scales(self, node: Node | None, where: str) -> dict[str, Scale]:
        if node is None:
            return {}
        if not isinstance(node.value, dict):
            self.error(node.line, msg.WRONG_KIND.format(
                where=where, key="scales", expected="a mapping of scale names to scales",
                found=node.kind))
            return {}
        result = {}
        for scale_id, scale_node in node.value.items():
            if not ID_PATTERN.match(scale_id):
                self.error(scale_node.line, msg.BAD_ID.format(where=where, found=shown(scale_id)))
            scale = self.scale(scale_id, scale_node)
            if scale:
                result[scale_id] = scale
        return result
