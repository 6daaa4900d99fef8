from rest_framework import serializers

from provinces.models import Era, Province, ProvinceKind, Succession


class BlankAsNullMixin:
    """A blank value ("" in the database) is shown as null."""

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)


class BlankAsNullChoiceField(BlankAsNullMixin, serializers.ChoiceField):
    pass


class BlankAsNullCharField(BlankAsNullMixin, serializers.CharField):
    pass


class PredecessorSerializer(serializers.ModelSerializer):
    """A unit this one was formed from, with the date and legal basis of the change."""

    key = serializers.CharField(source="predecessor.key", read_only=True)
    code = serializers.CharField(source="predecessor.code", read_only=True)
    era = serializers.ChoiceField(source="predecessor.era", choices=Era.choices, read_only=True)
    name = serializers.CharField(source="predecessor.name", read_only=True)

    class Meta:
        model = Succession
        fields = ["key", "code", "era", "name", "effective_on", "basis"]
        read_only_fields = fields


class SuccessorSerializer(serializers.ModelSerializer):
    """A unit this one became (part of), with the date and legal basis of the change."""

    key = serializers.CharField(source="successor.key", read_only=True)
    code = serializers.CharField(source="successor.code", read_only=True)
    era = serializers.ChoiceField(source="successor.era", choices=Era.choices, read_only=True)
    name = serializers.CharField(source="successor.name", read_only=True)

    class Meta:
        model = Succession
        fields = ["key", "code", "era", "name", "effective_on", "basis"]
        read_only_fields = fields


class ProvinceSerializer(serializers.ModelSerializer):
    former_kind = BlankAsNullChoiceField(
        choices=ProvinceKind.choices,
        allow_null=True,
        read_only=True,
        help_text="Loại trước khi đổi (null nếu chưa từng đổi trong thời kỳ này).",
    )
    kind_basis = BlankAsNullCharField(
        allow_null=True, read_only=True, help_text="Văn bản đổi loại, ví dụ “Nghị quyết 36/2026/QH16”."
    )
    is_current = serializers.BooleanField(
        read_only=True, help_text="Có hiệu lực vào ngày tham chiếu (tham số `on`, mặc định hôm nay giờ Việt Nam)."
    )

    class Meta:
        model = Province
        fields = [
            "key",
            "code",
            "era",
            "name",
            "short_name",
            "codename",
            "kind",
            "kind_since",
            "former_kind",
            "kind_basis",
            "valid_from",
            "valid_until",
            "is_current",
        ]
        read_only_fields = fields


class ProvinceDetailSerializer(ProvinceSerializer):
    predecessors = PredecessorSerializer(source="predecessor_links", many=True, read_only=True)
    successors = SuccessorSerializer(source="successor_links", many=True, read_only=True)

    class Meta(ProvinceSerializer.Meta):
        fields = [*ProvinceSerializer.Meta.fields, "predecessors", "successors"]
        read_only_fields = fields
