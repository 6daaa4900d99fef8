"""The Vietnamese figure reader (indicators/rules/figures.py): every figure form in the seed articles, the rejections,
and properties. Pure functions: no database."""

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.rules.figures import Figure, FigureError, Qualifier, read_figure

D = Decimal
EXACT, ABOVE, AT_LEAST, NEARLY = Qualifier.EXACT, Qualifier.ABOVE, Qualifier.AT_LEAST, Qualifier.NEARLY
APPROX, BELOW, AT_MOST = Qualifier.APPROXIMATELY, Qualifier.BELOW, Qualifier.AT_MOST

S0 = "000 Quảng Ngãi 2024 (kinhtedothi)"
S1 = "001 Quảng Trị 2022 (Báo Quảng Trị)"
S2 = "002 Quảng Ngãi draft resolution 2021 (quangngai.gov.vn)"
S3 = "003 Quảng Ngãi e-government"
S4 = "004 Quảng Ninh 2022 (baoquangninh)"

# (text, value, qualifier, is_estimate, numerator, denominator, rank, cohort), copied as written in the seeds.
# The comment after each row names the seed article (its copy: fixtures/sources/<number>_*.txt).
SEED_FIGURES = [
    ("đạt trên 99%", D(99), ABOVE, False, None, None, None, None),  # 000: cấp tỉnh
    ("đạt gần 88%", D(88), NEARLY, False, None, None, None, None),  # 000: cấp huyện
    ("đạt trên 70%", D(70), ABOVE, False, None, None, None, None),  # 000: cấp xã
    ("trên 99%", D(99), ABOVE, False, None, None, None, None),  # 000, without "đạt"
    ("gần 88%", D(88), NEARLY, False, None, None, None, None),  # 000
    ("Trên 95%", D(95), ABOVE, False, None, None, None, None),  # 000: văn bản ký số (capital at sentence start)
    ("thứ 1/63", D(1), EXACT, False, None, D(63), 1, 63),  # 000: thanh toán trực tuyến
    ("thứ 3/63", D(3), EXACT, False, None, D(63), 3, 63),  # 000: phê duyệt cấp độ an toàn thông tin
    ("296 hệ thống thông tin", D(296), EXACT, False, None, None, None, None),  # 000
    ("12 địa phương", D(12), EXACT, False, None, None, None, None),  # 000
    ("trên 64%", D(64), ABOVE, False, None, None, None, None),  # 000: doanh nghiệp nhỏ và vừa
    ("ước khoảng 9%", D(9), APPROX, True, None, None, None, None),  # 000: thương mại điện tử
    ("hơn 35%", D(35), ABOVE, False, None, None, None, None),  # 000: thanh toán không dùng tiền mặt
    ("đạt 50%", D(50), EXACT, False, None, None, None, None),  # 000
    ("100%", D(100), EXACT, False, None, None, None, None),  # 001, 002, 003, 004
    ("1.126", D(1126), EXACT, False, None, None, None, None),  # 001: dịch vụ công trực tuyến mức độ 4
    ("1.126 dịch vụ công trực tuyến", D(1126), EXACT, False, None, None, None, None),  # 001
    ("ước đạt trên 98%", D(98), ABOVE, True, None, None, None, None),  # 001: văn bản gửi qua mạng
    ("80%", D(80), EXACT, False, None, None, None, None),  # 002 (targets), 003 (trường THCS)
    ("90%", D(90), EXACT, False, None, None, None, None),  # 002: hồ sơ công việc cấp tỉnh
    ("60%", D(60), EXACT, False, None, None, None, None),  # 002: hồ sơ công việc cấp xã
    ("50%", D(50), EXACT, False, None, None, None, None),  # 002: hoạt động kiểm tra
    ("20%", D(20), EXACT, False, None, None, None, None),  # 002: kinh tế số chiếm 20% GRDP
    ("tối thiểu 80%", D(80), AT_LEAST, False, None, None, None, None),  # 002: hồ sơ TTHC trực tuyến
    ("tối thiểu 90%", D(90), AT_LEAST, False, None, None, None, None),  # 002: hài lòng
    ("tối thiểu 20%", D(20), AT_LEAST, False, None, None, None, None),  # 002: TTHC được cắt giảm
    ("tối thiểu 10%", D(10), AT_LEAST, False, None, None, None, None),  # 002: tỷ trọng kinh tế số
    ("tối thiểu 70%", D(70), AT_LEAST, False, None, None, None, None),  # 002: năng suất lao động
    ("trên 80%", D(80), ABOVE, False, None, None, None, None),  # 002 (cáp quang hộ gia đình), 004
    ("trên 50%", D(50), ABOVE, False, None, None, None, None),  # 002: tài khoản thanh toán điện tử
    ("5 dự án", D(5), EXACT, False, None, None, None, None),  # 004
    ("177", D(177), EXACT, False, None, None, None, None),  # 004: chủ tịch xã
    ("1.421 tổ công nghệ số cộng đồng", D(1421), EXACT, False, None, None, None, None),  # 004
    ("1.409 tổ", D(1409), EXACT, False, None, None, None, None),  # 004
    ("10.752 thành viên", D(10752), EXACT, False, None, None, None, None),  # 004
    ("7/7 thôn", D(100), EXACT, False, D(7), D(7), None, None),  # 004
    ("1.712", D(1712), EXACT, False, None, None, None, None),  # 004: dịch vụ công mức độ 3, 4
    ("1.832 thủ tục hành chính", D(1832), EXACT, False, None, None, None, None),  # 004
    ("1.223/1.712", D("71.44"), EXACT, False, D(1223), D(1712), None, None),  # 004: 71.4369… → 71.44
    ("71,4%", D("71.4"), EXACT, False, None, None, None, None),  # 004: đạt tỷ lệ 71,4%
    ("trên 229.000 hồ sơ/325.000 hồ sơ", D("70.46"), ABOVE, False, D(229000), D(325000), None, None),  # 004
    ("229.000 hồ sơ/325.000 hồ sơ", D("70.46"), EXACT, False, D(229000), D(325000), None, None),  # 004
    ("229.000/325.000", D("70.46"), EXACT, False, D(229000), D(325000), None, None),  # 004, without units
    ("trên 70%", D(70), ABOVE, False, None, None, None, None),  # 000 (cấp xã), 004 (tỷ lệ xử lý trực tuyến)
    ("trên 20 tỷ đồng", D(20_000_000_000), ABOVE, False, None, None, None, None),  # 004: thanh toán trực tuyến
    ("25/54 trạm", D("46.30"), EXACT, False, D(25), D(54), None, None),  # 004: trạm phủ lõm sóng
    ("43/114 thôn", D("37.72"), EXACT, False, D(43), D(114), None, None),  # 004: thôn còn lõm cáp quang
    ("91399227", D(91399227), EXACT, False, None, None, None, None),  # 004: page counter, digits without dots
]

# Forms of docs/figures.md that are not in the seed articles.
OTHER_FIGURES = [
    ("ước đạt 71,4%", D("71.4"), EXACT, True, None, None, None, None),
    ("ước tính đạt 29.240,3 tỷ đồng", D(29_240_300_000_000), EXACT, True, None, None, None, None),
    ("ước đạt 65.559 tỷ đồng", D(65_559_000_000_000), EXACT, True, None, None, None, None),
    ("ước tính 5%", D(5), EXACT, True, None, None, None, None),
    ("ước 5%", D(5), EXACT, True, None, None, None, None),
    ("14.832,55 km2", D("14832.55"), EXACT, False, None, None, None, None),
    ("2.161.755 người", D(2161755), EXACT, False, None, None, None, None),
    ("65,63%", D("65.63"), EXACT, False, None, None, None, None),
    ("0,7955", D("0.7955"), EXACT, False, None, None, None, None),
    ("0.7024 điểm", D("0.7024"), EXACT, False, None, None, None, None),  # dti.gov.vn prints a decimal dot
    ("0.8002", D("0.8002"), EXACT, False, None, None, None, None),
    ("1,1 triệu lượt", D(1_100_000), EXACT, False, None, None, None, None),
    ("hơn 1,1 triệu lượt", D(1_100_000), ABOVE, False, None, None, None, None),
    ("1,488 triệu hồ sơ", D(1_488_000), EXACT, False, None, None, None, None),
    ("5 nghìn", D(5000), EXACT, False, None, None, None, None),
    ("5 ngàn", D(5000), EXACT, False, None, None, None, None),
    ("2 nghìn tỷ đồng", D(2_000_000_000_000), EXACT, False, None, None, None, None),
    ("hơn 12.699 km2", D(12699), ABOVE, False, None, None, None, None),
    ("gần 12.700 km²", D(12700), NEARLY, False, None, None, None, None),
    ("vượt 5%", D(5), ABOVE, False, None, None, None, None),
    ("ít nhất 10%", D(10), AT_LEAST, False, None, None, None, None),
    ("từ 80% trở lên", D(80), AT_LEAST, False, None, None, None, None),
    ("đạt từ 80% trở lên", D(80), AT_LEAST, False, None, None, None, None),
    ("80% trở lên", D(80), AT_LEAST, False, None, None, None, None),
    ("từ 5 trở xuống", D(5), AT_MOST, False, None, None, None, None),
    ("khoảng 20%", D(20), APPROX, False, None, None, None, None),
    ("xấp xỉ 20%", D(20), APPROX, False, None, None, None, None),
    ("dưới 20%", D(20), BELOW, False, None, None, None, None),
    ("tối đa 3 ngày", D(3), AT_MOST, False, None, None, None, None),
    ("không quá 3 ngày", D(3), AT_MOST, False, None, None, None, None),
    ("13/17 dịch vụ", D("76.47"), EXACT, False, D(13), D(17), None, None),
    ("1/3", D("33.33"), EXACT, False, D(1), D(3), None, None),
    ("1/8", D("12.50"), EXACT, False, D(1), D(8), None, None),
    ("1/800", D("0.12"), EXACT, False, D(1), D(800), None, None),  # 0.125 → 0.12: half-even
    ("3/800", D("0.38"), EXACT, False, D(3), D(800), None, None),  # 0.375 → 0.38: half-even
    ("130/100", D("130.00"), EXACT, False, D(130), D(100), None, None),  # over 100%: the model layer decides
    ("hạng 3/63", D(3), EXACT, False, None, D(63), 3, 63),
    ("xếp thứ 3 trên 63", D(3), EXACT, False, None, D(63), 3, 63),
    ("xếp hạng 10/34", D(10), EXACT, False, None, D(34), 10, 34),
    ("đứng thứ 2", D(2), EXACT, False, None, None, 2, None),
    ("thứ 3", D(3), EXACT, False, None, None, 3, None),
    ("ước xếp thứ 5/63", D(5), EXACT, True, None, D(63), 5, 63),
    ("0", D(0), EXACT, False, None, None, None, None),
    ("4.0", D("4.0"), EXACT, False, None, None, None, None),  # a dot before other than three digits is decimal
]

FIELDS = ("value", "qualifier", "is_estimate", "numerator", "denominator", "rank", "cohort")


@pytest.mark.parametrize(("text", *FIELDS), SEED_FIGURES + OTHER_FIGURES)
def test_reads_figure(text, value, qualifier, is_estimate, numerator, denominator, rank, cohort):
    figure = read_figure(text)
    assert (
        figure.value,
        figure.qualifier,
        figure.is_estimate,
        figure.numerator,
        figure.denominator,
        figure.rank,
        figure.cohort,
    ) == (value, qualifier, is_estimate, numerator, denominator, rank, cohort)
    assert isinstance(figure.value, Decimal)
    assert figure.text == text


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("71,4%", "percent"),
        ("71,4 %", "percent"),
        ("1.223/1.712", "percent"),
        ("229.000 hồ sơ/325.000 hồ sơ", "percent"),
        ("thứ 3/63", "rank"),
        ("1.126", None),
        ("1,1 triệu", None),
        ("296 hệ thống thông tin", "hệ thống thông tin"),
        ("trên 20 tỷ đồng", "đồng"),
        ("1.126 Dịch vụ", "Dịch vụ"),  # as written, not lower-cased
        ("gần 12.700 km²", "km²"),
    ],
)
def test_unit(text, unit):
    assert read_figure(text).unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "trên  99 %",  # extra spaces, space before %
        "  trên 99%  ",
        "trên\u00a099\u00a0%",  # non-breaking spaces, as pasted from web pages
        "trên\u202f99%",  # narrow no-break space
        "TRÊN 99%",
        "Trên 99%",
        unicodedata.normalize("NFD", "trên 99%"),  # decomposed diacritics
    ],
)
def test_spacing_case_and_normalization(text):
    figure = read_figure(text)
    assert (figure.value, figure.qualifier, figure.unit) == (D(99), ABOVE, "percent")
    assert figure.text == unicodedata.normalize("NFC", text).strip()


def test_nfd_estimate_and_rank():
    assert read_figure(unicodedata.normalize("NFD", "ước khoảng 9%")).is_estimate
    assert read_figure(unicodedata.normalize("NFD", "xếp thứ 3 trên 63")).cohort == 63


# (text, a word the reason must contain): the reason must say why, not only that it failed.
MALFORMED = [
    ("", "empty"),
    ("   ", "empty"),
    ("\u00a0", "empty"),
    ("chưa có", "no number"),  # "not yet available"
    ("abc%", "no number"),
    ("%", "no number"),
    ("trên", "no number"),
    ("ước", "no number"),
    ("99% 88%", "two numbers"),
    ("1 2", "two numbers"),
    ("1.126 dịch vụ công trực tuyến mức độ 4", "two numbers"),  # seed 001, the whole phrase
    ("khoảng chừng 20%", "chừng"),
    ("đạt tỷ lệ 71,4%", "tỷ"),  # seed 004, the whole phrase: "tỷ lệ" is not a qualifier
    ("đứng vị trí thứ 1/63", "đứng"),  # seed 000, the whole phrase
    ("trên gần 5%", "qualifier"),
    ("ước khoảng trên 9%", "more than one qualifier"),
    ("trên ước 5%", "out of place"),
    ("99%%", "twice"),
    ("59,3% kế hoạch", "after '%'"),  # a share of the plan, not a value
    ("1/0", "zero"),
    ("0/0", "zero"),
    ("1.234.5", "three digits"),
    ("1.2.3", "three digits"),
    ("1234.567", "three digits"),
    ("0.800", "three digits"),  # thousands cannot start with 0; 0.8 or 800? not guessed
    ("1.2,5", "three digits"),  # decimal dot and decimal comma together
    ("1,234,567", "dot for thousands"),
    ("1,234.5", "decimal comma"),
    ("99.", "separator"),
    ("99,%", "separator"),
    ("-5%", "negative"),
    ("−5%", "negative"),  # U+2212 minus sign
    ("trên -5%", "negative"),
    ("2021-2025", "range"),  # seed 002: giai đoạn 2021-2025
    ("15/9/2024", "more than one '/'"),  # seed 003: a date
    ("1/2/3", "more than one '/'"),
    ("5/", "followed by a number"),
    ("5/%", "followed by a number"),
    ("/5", "start with a number"),
    ("4G/5G", "run together"),  # seed 002: mạng di động 4G/5G
    ("1e5", "run together"),
    ("từ 3 sao", "trở lên"),  # seed 004: OCOP "từ 3 sao" without "trở lên"
    ("từ 80% đến 90%", "trở lên"),
    ("trên 80% trở lên", "conflicts"),
    ("1.223/1.712%", "no '%'"),
    ("50%/80%", "no '%'"),
    ("229.000 hồ sơ/325.000 dịch vụ", "units differ"),
    ("thứ 64/63", "larger than"),
    ("thứ 0/63", "at least 1"),
    ("thứ 3,5", "whole numbers"),
    ("thứ 1/63 tỉnh", "after a rank"),
    ("trên thứ 3", "rank takes no qualifier"),
    ("thứ 3 trở lên", "rank takes no qualifier"),
    ("+5%", "unexpected character"),
    ("5 (ước)", "unexpected character"),
    ("\u0663", "unexpected character"),  # Arabic-Indic digit three
    ("99%, 88%", "unexpected character"),
    ("1" * 21, "digits"),
]


@pytest.mark.parametrize(("text", "word"), MALFORMED)
def test_rejects_with_reason(text, word):
    with pytest.raises(FigureError) as caught:
        read_figure(text)
    assert word.lower() in caught.value.reason.lower()
    assert caught.value.text == unicodedata.normalize("NFC", text).strip()
    assert caught.value.reason in str(caught.value)


def test_figure_error_is_a_value_error():
    with pytest.raises(ValueError, match="no number"):
        read_figure("chưa có")


def test_non_text_is_rejected():
    with pytest.raises(FigureError, match="text"):
        read_figure(99)


def test_figure_is_frozen():
    figure = read_figure("71,4%")
    with pytest.raises(AttributeError):
        figure.value = D(1)
    assert isinstance(figure, Figure)


# Leading words -> expected qualifier and estimate flag, for the round-trip property. "từ" takes "trở lên".
PREFIXES = {
    "": (EXACT, False),
    "đạt": (EXACT, False),
    "trên": (ABOVE, False),
    "hơn": (ABOVE, False),
    "vượt": (ABOVE, False),
    "tối thiểu": (AT_LEAST, False),
    "ít nhất": (AT_LEAST, False),
    "từ": (AT_LEAST, False),
    "gần": (NEARLY, False),
    "khoảng": (APPROX, False),
    "xấp xỉ": (APPROX, False),
    "dưới": (BELOW, False),
    "tối đa": (AT_MOST, False),
    "không quá": (AT_MOST, False),
    "ước": (EXACT, True),
    "ước đạt": (EXACT, True),
    "ước tính": (EXACT, True),
    "ước tính đạt": (EXACT, True),
    "ước khoảng": (APPROX, True),
    "ước đạt trên": (ABOVE, True),
}


def vietnamese(number: Decimal, places: int) -> str:
    """Format the Vietnamese way: 1234567.5 -> '1.234.567,5'."""
    return f"{number:,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


@given(
    whole=st.integers(min_value=0, max_value=10**15),
    places=st.integers(min_value=0, max_value=2),
    prefix=st.sampled_from(sorted(PREFIXES)),
    percent=st.sampled_from(["", "%", " %"]),
)
def test_round_trip(whole, places, prefix, percent):
    number = Decimal(whole).scaleb(-places)  # up to two decimals
    text = f"{prefix} {vietnamese(number, places)}{percent}" + (" trở lên" if prefix == "từ" else "")
    figure = read_figure(text)
    assert figure.value == number
    assert (figure.qualifier, figure.is_estimate) == PREFIXES[prefix]
    assert figure.unit == ("percent" if percent else None)


def test_vietnamese_formatter():
    assert vietnamese(D("1234567.5"), 1) == "1.234.567,5"
    assert vietnamese(D("12.34"), 2) == "12,34"


@given(st.text(alphabet=st.sampled_from("0123456789.,/% -trênướcđạthứkoảng\u00a0"), max_size=30) | st.text())
def test_any_text_gives_a_figure_or_a_reason(text):
    # Nothing typed into a form may crash the reader: it answers with a figure, or a FigureError with a reason.
    try:
        figure = read_figure(text)
    except FigureError as error:
        assert error.reason
    else:
        assert isinstance(figure.value, Decimal)
        assert figure.value >= 0
