"""The examples of openapi.yaml: one per schema component, taken from the demo data.

Every response example is an answer the API gave on the demo data (`manage.py seed`), with `as_of=2026-12-01`
where the answer depends on the date; long lists are cut to their first items (counts and totals are the
answer's). Every request example is the body that writes the rows those answers show (plan 2, target 302,
indicator 2, measurement 101, progress report 4…). The webhook subscription, its delivery, the evidence, the
reminder and the history entry are not seeded: they come from running the reporting cycle on the demo data
(report 1 reopened, returned, submitted and approved; `send_reminders`). No example holds a real secret.

`postprocess_examples` (a POSTPROCESSING_HOOKS entry) sets them as the components' `example`, so each is written
once in openapi.yaml however many operations use the component. tests/test_openapi_examples.py requires an example
for every operation's body and answer, and validates each against its component.
"""

# -- Responses (component name → example)

RESPONSES: dict[str, dict] = {
    "ApiRoot": {
        "resources": {
            "provinces": "http://127.0.0.1:8918/api/v1/provinces/",
            "indicators": "http://127.0.0.1:8918/api/v1/indicators/",
            "plans": "http://127.0.0.1:8918/api/v1/plans/",
            "targets": "http://127.0.0.1:8918/api/v1/targets/",
            "progress-reports": "http://127.0.0.1:8918/api/v1/progress-reports/",
            "measurements": "http://127.0.0.1:8918/api/v1/measurements/",
        },
        "docs": {
            "docs": "http://127.0.0.1:8918/api/docs/",
            "redoc": "http://127.0.0.1:8918/api/redoc/",
            "schema": "http://127.0.0.1:8918/api/schema/",
        },
    },
    "Indicator": {
        "id": 2,
        "code": "dvctt-muc-do-4-da-phuong-tien",
        "name": "Tỷ lệ dịch vụ công trực tuyến mức độ 4 được cung cấp trên nhiều phương tiện truy cập khác "
        "nhau, bao gồm cả thiết bị di động",
        "name_en": "Share of level-4 online public services available on several access channels, mobile " "included",
        "unit": "percent",
        "direction": "higher",
        "pillar": "chinh_quyen_so",
        "definition": "Theo cách viết của 749/QĐ-TTg và dự thảo Nghị quyết Quảng Ngãi 2021.",
        "source": "Quyết định 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ; Sở Nội vụ tỉnh Quảng Ngãi "
        "(theo quangngai.gov.vn) 31/08/2021",
        "index_family": "",
    },
    "Province": {
        "key": "2025-51",
        "code": "51",
        "era": "2025",
        "name": "Tỉnh Quảng Ngãi",
        "short_name": "Quảng Ngãi",
        "codename": "quang_ngai",
        "kind": "tinh",
        "kind_since": "2025-07-01",
        "former_kind": None,
        "kind_basis": None,
        "valid_from": "2025-07-01",
        "valid_until": None,
        "is_current": True,
        "predecessors": [
            {
                "key": "2008-51",
                "code": "51",
                "era": "2008",
                "name": "Tỉnh Quảng Ngãi",
                "effective_on": "2025-07-01",
                "basis": "Nghị quyết 202/2025/QH15",
            },
            {
                "key": "2008-62",
                "code": "62",
                "era": "2008",
                "name": "Tỉnh Kon Tum",
                "effective_on": "2025-07-01",
                "basis": "Nghị quyết 202/2025/QH15",
            },
        ],
        "successors": [],
    },
    "ProvinceDetail": {
        "key": "2008-51",
        "code": "51",
        "era": "2008",
        "name": "Tỉnh Quảng Ngãi",
        "short_name": "Quảng Ngãi",
        "codename": "quang_ngai",
        "kind": "tinh",
        "kind_since": "2008-08-01",
        "former_kind": None,
        "kind_basis": None,
        "valid_from": "2008-08-01",
        "valid_until": "2025-06-30",
        "is_current": False,
        "predecessors": [],
        "successors": [
            {
                "key": "2025-51",
                "code": "51",
                "era": "2025",
                "name": "Tỉnh Quảng Ngãi",
                "effective_on": "2025-07-01",
                "basis": "Nghị quyết 202/2025/QH15",
            }
        ],
    },
    "Measurement": {
        "id": 101,
        "report": {
            "id": 1,
            "document_number": "",
            "title": "Những kết quả ấn tượng trong chuyển đối số ở Quảng Ngãi",
            "reported_on": "2024-10-11",
        },
        "province": {
            "key": "2008-51",
            "code": "51",
            "era": "2008",
            "name": "Tỉnh Quảng Ngãi",
            "short_name": "Quảng Ngãi",
        },
        "indicator": {
            "id": 1,
            "code": "ho-so-cong-viec-tren-moi-truong-mang",
            "name": "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng",
            "unit": "percent",
            "direction": "higher",
        },
        "level": "provincial",
        "as_of": "2024-10-11",
        "as_of_precision": "day",
        "value": "99.0000",
        "qualifier": "above",
        "is_estimate": False,
        "numerator": None,
        "denominator": None,
        "value_text": "trên 99%",
        "note": "Kinh tế & Đô thị (kinhtedothi.vn), Hà Phương, «Những kết quả ấn tượng trong chuyển đối "
        "số ở Quảng Ngãi», 10/2024: «Đối với các sở, ban, ngành cấp tỉnh đạt trên 99%, cấp huyện "
        "đạt gần 88%, cấp xã đạt trên 70%.» Câu trước: “tỷ lệ xử lý văn bản, hồ sơ công việc (trừ "
        "hồ sơ mật) trên môi trường mạng tại Quảng Ngãi ngày càng tăng cao.”",
        "methodology": "",
        "cohort": None,
        "unit": "percent",
        "is_active": True,
    },
    "Plan": {
        "id": 2,
        "document_type": "quyet_dinh",
        "number": "1982/QĐ-UBND",
        "title": "Phê duyệt Đề án Chuyển đổi số tỉnh Quảng Trị đến năm 2025, định hướng đến năm 2030",
        "issuer": "UBND tỉnh Quảng Trị",
        "issued_on": "2022-07-29",
        "period_start": "2022-07-29",
        "period_end": "2030-12-31",
        "status": "in_force",
        "superseded_by": None,
        "province": {
            "key": "2008-45",
            "code": "45",
            "era": "2008",
            "name": "Tỉnh Quảng Trị",
            "short_name": "Quảng Trị",
        },
        "source_url": "",
        "source_note": "Báo Quảng Trị, tin về cuộc họp của Ban Chỉ đạo Chuyển đổi số tỉnh Quảng Trị ngày " "17/2/2023",
        "targets_note": "Chưa có chỉ tiêu: bài của Báo Quảng Trị (17/2/2023) chỉ nêu tên Quyết định, không nêu "
        "chỉ tiêu nào của Đề án. Chỉ tiêu nằm trong toàn văn Đề án, chưa được nhập.",
    },
    "Target": {
        "id": 302,
        "plan": {
            "id": 3,
            "document_type": "nghi_quyet",
            "number": "",
            "title": "Về Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2021-2025, định hướng đến 2030 (dự thảo "
            "Nghị quyết của Ban Thường vụ Tỉnh ủy, họp cho ý kiến ngày 30/8/2021)",
            "issuer": "Ban Thường vụ Tỉnh ủy Quảng Ngãi",
            "issued_on": None,
            "status": "draft",
            "province": "2008-51",
        },
        "indicator": {
            "id": 1,
            "code": "ho-so-cong-viec-tren-moi-truong-mang",
            "name": "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng",
            "unit": "percent",
            "direction": "higher",
        },
        "level": "provincial",
        "comparator": "at_least",
        "value": "90.0000",
        "relative_change": None,
        "unit": "percent",
        "deadline": "2025-12-31",
        "baseline_value": None,
        "baseline_date": None,
        "milestones": [],
        "source_quote": "Phấn đấu 80% dịch vụ công trực tuyến mức độ 4 được cung cấp trên nhiều phương tiện "
        "truy cập khác nhau, bao gồm cả thiết bị di động; 90% hồ sơ công việc tại cấp tỉnh, "
        "80% hồ sơ công việc tại cấp huyện và 60% hồ sơ công việc tại cấp xã được xử lý trên "
        "môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước);100% chế độ báo "
        "cáo, chỉ tiêu tổng hợp báo cáo định kỳ và báo cáo thống kê về kinh tế- xã hội phục vụ "
        "sự chỉ đạo, điều hành của UBND các cấp được kết nối, tích hợp, chia sẻ dữ liệu số "
        "trên Hệ thống thông tin báo cáo tỉnh Quảng Ngãi, Hệ thống thông tin báo cáo Chính "
        "phủ.",
        "source_note": "Sở Nội vụ tỉnh Quảng Ngãi (theo quangngai.gov.vn), «Cho ý kiến về dự thảo Đề án, Nghị "
        "quyết Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2021-2025, định hướng đến 2030», "
        "31/08/2021",
        "cohort": None,
        "relative_form": "",
        "value_source": "",
        "caveat": None,
        "caveat_note": "",
        "continues": None,
        "parent": 102,
        "responsible_unit": "",
        "flags": [],
        "latest": {
            "id": 101,
            "as_of": "2024-10-11",
            "value": "99.0000",
            "qualifier": "above",
            "is_estimate": False,
            "province": "2008-51",
        },
        "gap": "0.0000",
        "progress": None,
        "status": "achieved",
        "deadline_status": "met",
        "days_remaining": -335,
        "provisional": False,
        "declining": False,
        "explanation": {
            "as_of": "2026-12-01",
            "comparator": "at_least",
            "target": "90.0000",
            "deadline": "2025-12-31",
            "thresholds": {"on_track": "0.9500", "at_risk": "0.6000", "due_soon_days": 90},
            "latest": {
                "date": "2024-10-11",
                "value": "99.0000",
                "qualifier": "above",
                "is_estimate": False,
                "ref": 101,
            },
            "reference": {"date": "2024-10-11", "value": "99.0000", "source": "earliest_measurement"},
            "expected": None,
            "ratio": None,
            "rule": "Số liệu mới nhất đạt mục tiêu.",
            "basis": "own",
            "unit": "2008-51",
            "units": [{"key": "2008-51", "name": "Tỉnh Quảng Ngãi"}],
            "no_figure": None,
            "basis_text": "Căn cứ: số liệu của chính đơn vị, Tỉnh Quảng Ngãi (2008-51).",
            "level_abolished": False,
        },
    },
    "TargetDetail": {
        "as_of": "2026-12-01",
        "id": 302,
        "plan": {
            "id": 3,
            "document_type": "nghi_quyet",
            "number": "",
            "title": "Về Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2021-2025, định hướng đến 2030 (dự "
            "thảo Nghị quyết của Ban Thường vụ Tỉnh ủy, họp cho ý kiến ngày 30/8/2021)",
            "issuer": "Ban Thường vụ Tỉnh ủy Quảng Ngãi",
            "issued_on": None,
            "status": "draft",
            "province": "2008-51",
        },
        "indicator": {
            "id": 1,
            "code": "ho-so-cong-viec-tren-moi-truong-mang",
            "name": "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng",
            "unit": "percent",
            "direction": "higher",
        },
        "level": "provincial",
        "comparator": "at_least",
        "value": "90.0000",
        "relative_change": None,
        "unit": "percent",
        "deadline": "2025-12-31",
        "baseline_value": None,
        "baseline_date": None,
        "milestones": [],
        "source_quote": "Phấn đấu 80% dịch vụ công trực tuyến mức độ 4 được cung cấp trên nhiều phương "
        "tiện truy cập khác nhau, bao gồm cả thiết bị di động; 90% hồ sơ công việc tại "
        "cấp tỉnh, 80% hồ sơ công việc tại cấp huyện và 60% hồ sơ công việc tại cấp xã "
        "được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà "
        "nước);100% chế độ báo cáo, chỉ tiêu tổng hợp báo cáo định kỳ và báo cáo thống "
        "kê về kinh tế- xã hội phục vụ sự chỉ đạo, điều hành của UBND các cấp được kết "
        "nối, tích hợp, chia sẻ dữ liệu số trên Hệ thống thông tin báo cáo tỉnh Quảng "
        "Ngãi, Hệ thống thông tin báo cáo Chính phủ.",
        "source_note": "Sở Nội vụ tỉnh Quảng Ngãi (theo quangngai.gov.vn), «Cho ý kiến về dự thảo Đề án, "
        "Nghị quyết Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2021-2025, định hướng đến "
        "2030», 31/08/2021",
        "cohort": None,
        "relative_form": "",
        "value_source": "",
        "caveat": None,
        "caveat_note": "",
        "continues": None,
        "parent": 102,
        "responsible_unit": "",
        "flags": [],
        "latest": {
            "id": 101,
            "as_of": "2024-10-11",
            "value": "99.0000",
            "qualifier": "above",
            "is_estimate": False,
            "province": "2008-51",
        },
        "gap": "0.0000",
        "progress": None,
        "status": "achieved",
        "deadline_status": "met",
        "days_remaining": -335,
        "provisional": False,
        "declining": False,
        "explanation": {
            "as_of": "2026-12-01",
            "comparator": "at_least",
            "target": "90.0000",
            "deadline": "2025-12-31",
            "thresholds": {"on_track": "0.9500", "at_risk": "0.6000", "due_soon_days": 90},
            "latest": {
                "date": "2024-10-11",
                "value": "99.0000",
                "qualifier": "above",
                "is_estimate": False,
                "ref": 101,
            },
            "reference": {"date": "2024-10-11", "value": "99.0000", "source": "earliest_measurement"},
            "expected": None,
            "ratio": None,
            "rule": "Số liệu mới nhất đạt mục tiêu.",
            "basis": "own",
            "unit": "2008-51",
            "units": [{"key": "2008-51", "name": "Tỉnh Quảng Ngãi"}],
            "no_figure": None,
            "basis_text": "Căn cứ: số liệu của chính đơn vị, Tỉnh Quảng Ngãi (2008-51).",
            "level_abolished": False,
        },
        "children": {
            "count": 0,
            "by_status": {
                "achieved": 0,
                "on_track": 0,
                "at_risk": 0,
                "insufficient_data": 0,
                "off_track": 0,
                "missed": 0,
                "no_data": 0,
            },
            "targets": [],
        },
        "competing_with": [],
    },
    "TargetSeries": {
        "as_of": "2026-12-01",
        "plan": {
            "id": 3,
            "document_type": "nghi_quyet",
            "number": "",
            "title": "Về Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2021-2025, định hướng đến 2030 (dự "
            "thảo Nghị quyết của Ban Thường vụ Tỉnh ủy, họp cho ý kiến ngày 30/8/2021)",
            "issuer": "Ban Thường vụ Tỉnh ủy Quảng Ngãi",
            "issued_on": None,
            "status": "draft",
            "province": "2008-51",
        },
        "target": {
            "id": 302,
            "indicator": {
                "id": 1,
                "code": "ho-so-cong-viec-tren-moi-truong-mang",
                "name": "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng",
                "unit": "percent",
                "direction": "higher",
            },
            "level": "provincial",
            "comparator": "at_least",
            "value": "90.0000",
            "deadline": "2025-12-31",
            "latest": {
                "id": 101,
                "as_of": "2024-10-11",
                "value": "99.0000",
                "qualifier": "above",
                "is_estimate": False,
                "province": "2008-51",
            },
            "gap": "0.0000",
            "status": "achieved",
            "deadline_status": "met",
            "days_remaining": -335,
            "provisional": False,
            "declining": False,
        },
        "reference": {"date": "2024-10-11", "value": "99.0000", "source": "earliest_measurement"},
        "path": [
            {"date": "2024-10-11", "value": "99.0000", "kind": "reference"},
            {"date": "2025-12-31", "value": "90.0000", "kind": "target"},
        ],
        "expected_value": "90.0000",
        "measurements": [
            {
                "id": 101,
                "report": 1,
                "as_of": "2024-10-11",
                "value": "99.0000",
                "qualifier": "above",
                "is_estimate": False,
                "value_text": "trên 99%",
                "province": "2008-51",
            }
        ],
        "continues": [],
        "combined": [],
    },
    "PlanScorecard": {
        "as_of": "2026-12-01",
        "plan": {
            "id": 3,
            "document_type": "nghi_quyet",
            "number": "",
            "title": "Về Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2021-2025, định hướng đến 2030 "
            "(dự thảo Nghị quyết của Ban Thường vụ Tỉnh ủy, họp cho ý kiến ngày "
            "30/8/2021)",
            "issuer": "Ban Thường vụ Tỉnh ủy Quảng Ngãi",
            "issued_on": None,
            "status": "draft",
            "province": "2008-51",
        },
        "targets_note": "",
        "counts": {
            "no_data": 17,
            "achieved": 3,
            "missed": 0,
            "insufficient_data": 0,
            "on_track": 0,
            "at_risk": 0,
            "off_track": 0,
        },
        "total": 20,
        "share_achieved": "0.1500",
        "targets": [
            {
                "id": 305,
                "indicator": {
                    "id": 14,
                    "code": "bao-cao-ket-noi-he-thong-bao-cao",
                    "name": "Tỷ lệ chế độ báo cáo, chỉ tiêu tổng hợp báo cáo định kỳ và "
                    "báo cáo thống kê về kinh tế - xã hội được kết nối, tích "
                    "hợp, chia sẻ dữ liệu số trên Hệ thống thông tin báo cáo",
                    "unit": "percent",
                    "direction": "higher",
                },
                "level": "overall",
                "comparator": "at_least",
                "value": "100.0000",
                "deadline": "2025-12-31",
                "latest": None,
                "gap": None,
                "status": "no_data",
                "deadline_status": "overdue",
                "days_remaining": -335,
                "provisional": False,
                "declining": False,
            },
            {
                "id": 312,
                "indicator": {
                    "id": 5,
                    "code": "cap-quang-ho-gia-dinh",
                    "name": "Tỷ lệ hộ gia đình được phủ hạ tầng mạng băng rộng cáp quang",
                    "unit": "percent",
                    "direction": "higher",
                },
                "level": "overall",
                "comparator": "at_least",
                "value": "80.0000",
                "deadline": "2025-12-31",
                "latest": None,
                "gap": None,
                "status": "no_data",
                "deadline_status": "overdue",
                "days_remaining": -335,
                "provisional": False,
                "declining": False,
            },
        ],
    },
    "ProvinceScorecard": {
        "as_of": "2026-12-01",
        "province": {
            "key": "2008-51",
            "code": "51",
            "era": "2008",
            "name": "Tỉnh Quảng Ngãi",
            "short_name": "Quảng Ngãi",
        },
        "included_provinces": [
            {"key": "2008-51", "code": "51", "era": "2008", "name": "Tỉnh Quảng Ngãi", "short_name": "Quảng Ngãi"}
        ],
        "plan_statuses": ["draft", "in_force"],
        "counts": {
            "no_data": 17,
            "achieved": 3,
            "missed": 0,
            "insufficient_data": 0,
            "on_track": 0,
            "at_risk": 0,
            "off_track": 0,
        },
        "total": 20,
        "share_achieved": "0.1500",
        "plans": [
            {
                "plan": {
                    "id": 3,
                    "document_type": "nghi_quyet",
                    "number": "",
                    "title": "Về Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2021-2025, định "
                    "hướng đến 2030 (dự thảo Nghị quyết của Ban Thường vụ Tỉnh ủy, "
                    "họp cho ý kiến ngày 30/8/2021)",
                    "issuer": "Ban Thường vụ Tỉnh ủy Quảng Ngãi",
                    "issued_on": None,
                    "status": "draft",
                    "province": "2008-51",
                },
                "targets_note": "",
                "counts": {
                    "no_data": 17,
                    "achieved": 3,
                    "missed": 0,
                    "insufficient_data": 0,
                    "on_track": 0,
                    "at_risk": 0,
                    "off_track": 0,
                },
                "total": 20,
                "share_achieved": "0.1500",
                "targets": [
                    {
                        "id": 305,
                        "indicator": {
                            "id": 14,
                            "code": "bao-cao-ket-noi-he-thong-bao-cao",
                            "name": "Tỷ lệ chế độ báo cáo, chỉ tiêu tổng hợp báo "
                            "cáo định kỳ và báo cáo thống kê về kinh tế - "
                            "xã hội được kết nối, tích hợp, chia sẻ dữ "
                            "liệu số trên Hệ thống thông tin báo cáo",
                            "unit": "percent",
                            "direction": "higher",
                        },
                        "level": "overall",
                        "comparator": "at_least",
                        "value": "100.0000",
                        "deadline": "2025-12-31",
                        "latest": None,
                        "gap": None,
                        "status": "no_data",
                        "deadline_status": "overdue",
                        "days_remaining": -335,
                        "provisional": False,
                        "declining": False,
                    },
                    {
                        "id": 312,
                        "indicator": {
                            "id": 5,
                            "code": "cap-quang-ho-gia-dinh",
                            "name": "Tỷ lệ hộ gia đình được phủ hạ tầng mạng băng " "rộng cáp quang",
                            "unit": "percent",
                            "direction": "higher",
                        },
                        "level": "overall",
                        "comparator": "at_least",
                        "value": "80.0000",
                        "deadline": "2025-12-31",
                        "latest": None,
                        "gap": None,
                        "status": "no_data",
                        "deadline_status": "overdue",
                        "days_remaining": -335,
                        "provisional": False,
                        "declining": False,
                    },
                ],
            }
        ],
    },
    "Ranking": {
        "as_of": "2026-12-01",
        "indicator": {
            "id": 1,
            "code": "ho-so-cong-viec-tren-moi-truong-mang",
            "name": "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng",
            "unit": "percent",
            "direction": "higher",
        },
        "level": "provincial",
        "era": "2008",
        "ranked": 1,
        "results": [
            {
                "rank": 1,
                "province": {
                    "key": "2008-51",
                    "code": "51",
                    "era": "2008",
                    "name": "Tỉnh Quảng Ngãi",
                    "short_name": "Quảng Ngãi",
                },
                "latest": {
                    "id": 101,
                    "as_of": "2024-10-11",
                    "value": "99.0000",
                    "qualifier": "above",
                    "is_estimate": False,
                    "province": "2008-51",
                    "cohort": None,
                    "basis": "own",
                    "units": ["2008-51"],
                },
                "not_ranked": None,
                "no_figure": None,
            },
            {
                "rank": None,
                "province": {
                    "key": "2008-01",
                    "code": "01",
                    "era": "2008",
                    "name": "Thành phố Hà Nội",
                    "short_name": "Hà Nội",
                },
                "latest": None,
                "not_ranked": None,
                "no_figure": None,
            },
        ],
    },
    "ProgressReport": {
        "id": 1,
        "province": {
            "key": "2008-51",
            "code": "51",
            "era": "2008",
            "name": "Tỉnh Quảng Ngãi",
            "short_name": "Quảng Ngãi",
        },
        "title": "Những kết quả ấn tượng trong chuyển đối số ở Quảng Ngãi",
        "document_number": "",
        "reported_on": "2024-10-11",
        "period_start": "2024-01-01",
        "period_end": "2024-09-30",
        "source_url": "https://kinhtedothi.vn/nhung-ket-qua-an-tuong-trong-chuyen-doi-so-o-quang-ngai.html",
        "source_note": "Kinh tế & Đô thị (kinhtedothi.vn), Hà Phương, «Những kết quả ấn tượng trong "
        "chuyển đối số ở Quảng Ngãi», 10/2024",
        "period": 2,
        "state": "approved",
        "submitted_at": "2024-10-11T00:00:00+07:00",
        "created_at": "2026-11-22T07:00:00+07:00",
        "deleted_at": None,
        "measurements": [
            {
                "id": 101,
                "indicator": {
                    "id": 1,
                    "code": "ho-so-cong-viec-tren-moi-truong-mang",
                    "name": "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng",
                    "unit": "percent",
                    "direction": "higher",
                },
                "level": "provincial",
                "as_of": "2024-10-11",
                "as_of_precision": "day",
                "value": "99.0000",
                "qualifier": "above",
                "is_estimate": False,
                "numerator": None,
                "denominator": None,
                "value_text": "trên 99%",
                "note": "Kinh tế & Đô thị (kinhtedothi.vn), Hà Phương, «Những kết quả ấn "
                "tượng trong chuyển đối số ở Quảng Ngãi», 10/2024: «Đối với các sở, "
                "ban, ngành cấp tỉnh đạt trên 99%, cấp huyện đạt gần 88%, cấp xã đạt "
                "trên 70%.» Câu trước: “tỷ lệ xử lý văn bản, hồ sơ công việc (trừ hồ "
                "sơ mật) trên môi trường mạng tại Quảng Ngãi ngày càng tăng cao.”",
                "methodology": "",
                "cohort": None,
            },
            {
                "id": 102,
                "indicator": {
                    "id": 1,
                    "code": "ho-so-cong-viec-tren-moi-truong-mang",
                    "name": "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng",
                    "unit": "percent",
                    "direction": "higher",
                },
                "level": "district",
                "as_of": "2024-10-11",
                "as_of_precision": "day",
                "value": "88.0000",
                "qualifier": "nearly",
                "is_estimate": False,
                "numerator": None,
                "denominator": None,
                "value_text": "gần 88%",
                "note": "Kinh tế & Đô thị (kinhtedothi.vn), Hà Phương, «Những kết quả ấn "
                "tượng trong chuyển đối số ở Quảng Ngãi», 10/2024: «Đối với các sở, "
                "ban, ngành cấp tỉnh đạt trên 99%, cấp huyện đạt gần 88%, cấp xã đạt "
                "trên 70%.» Câu trước: “tỷ lệ xử lý văn bản, hồ sơ công việc (trừ hồ "
                "sơ mật) trên môi trường mạng tại Quảng Ngãi ngày càng tăng cao.”",
                "methodology": "",
                "cohort": None,
            },
        ],
    },
    "Obligation": {
        "id": 102,
        "province": {
            "key": "2008-51",
            "code": "51",
            "era": "2008",
            "name": "Tỉnh Quảng Ngãi",
            "short_name": "Quảng Ngãi",
        },
        "period": {
            "id": 2,
            "regime": 1,
            "year": 2024,
            "number": 1,
            "label": "Năm 2024",
            "window_start": "2024-01-01",
            "window_end": "2024-12-31",
            "due_on": "2025-02-14",
        },
        "status": "approved",
        "timeliness": "on_time",
        "report": {"id": 1, "state": "approved", "submitted_on": "2024-10-11"},
        "closed_at": None,
    },
    "Period": {
        "id": 2,
        "regime": 1,
        "year": 2024,
        "number": 1,
        "label": "Năm 2024",
        "window_start": "2024-01-01",
        "window_end": "2024-12-31",
        "due_on": "2025-02-14",
    },
    "Regime": {
        "id": 2,
        "name": "Báo cáo chuyển đổi số hằng quý",
        "legal_basis": "Nghị định 09/2019/NĐ-CP, Điều 12 (chốt số liệu từ ngày 15 tháng trước kỳ đến ngày 14 "
        "tháng cuối kỳ)",
        "frequency": "quarterly",
        "cutoff_day": 15,
        "deadline_days": 5,
        "due_soon_days": 7,
        "indicators": [],
        "levels": [],
        "units": [],
        "starts_on": "2022-01-01",
        "ends_on": None,
    },
    "RatesReport": {
        "as_of": "2026-12-01",
        "by": "unit",
        "results": [
            {
                "key": "2008-51",
                "name": "Tỉnh Quảng Ngãi",
                "expected": 17,
                "on_time": 1,
                "late": 0,
                "missing": 16,
                "on_time_rate": "0.0588",
                "late_rate": "0.0000",
                "missing_rate": "0.9412",
            }
        ],
    },
    "Reminder": {
        "id": 1,
        "obligation": 496,
        "kind": "overdue",
        "occasion": "",
        "recipients": "",
        "subject": "Quá hạn gửi báo cáo Quý IV/2025 — Thành phố Hà Nội (hạn 19/12/2025)",
        "sent_at": "2026-12-03T14:02:40.226529+07:00",
    },
    "HistoryEntry": {
        "id": 5,
        "date": "2026-12-03T14:02:24.194843+07:00",
        "type": "~",
        "user": "admin",
        "changes": [
            {"field": "state", "old": "submitted", "new": "approved"},
            {"field": "state_reason", "old": "Đã ghi rõ nguồn số liệu.", "new": ""},
        ],
    },
    "Evidence": {
        "id": 1,
        "report": 1,
        "measurement": 101,
        "file": "/media/evidence/1/bao-cao-cds-quang-ngai-9-thang-2024.pdf",
        "original_name": "bao-cao-cds-quang-ngai-9-thang-2024.pdf",
        "content_type": "application/pdf",
        "size": 482113,
        "narrative": "Bài «Những kết quả ấn tượng trong chuyển đối số ở Quảng Ngãi» (kinhtedothi.vn, "
        "10/2024): hồ sơ công việc của các sở, ban, ngành cấp tỉnh được xử lý trên môi trường "
        "mạng đạt trên 99%.",
        "uploaded_at": "2026-12-03T14:02:28.046100+07:00",
    },
    "Delivery": {
        "id": "211c618d-1d14-4a47-8d08-471f735a5246",
        "subscription": 1,
        "event": "target.status_changed",
        "status": "pending",
        "attempts": 0,
        "created_at": "2026-12-03T14:02:24.313222+07:00",
        "next_attempt_at": "2026-12-03T14:02:24.313222+07:00",
        "last_attempt_at": None,
        "last_status_code": None,
        "last_error": "",
        "delivered_at": None,
        "payload": {
            "id": "211c618d-1d14-4a47-8d08-471f735a5246",
            "event": "target.status_changed",
            "occurred_at": "2026-12-03T07:02:24.313222+00:00",
            "data": {
                "target": 302,
                "plan": 3,
                "province": "2008-51",
                "indicator": "ho-so-cong-viec-tren-moi-truong-mang",
                "level": "provincial",
                "from": "no_data",
                "to": "achieved",
                "on": "2026-12-03",
            },
        },
    },
    "Subscription": {
        "id": 1,
        "name": "Cổng dữ liệu mở tỉnh Quảng Ngãi",
        "url": "https://opendata.quangngai.gov.vn/dtrack/webhook",
        "events": ["report.approved", "target.status_changed"],
        "province": "2008-51",
        "active": True,
        "created_at": "2026-12-03T14:02:13.007290+07:00",
    },
    "Problem": {
        "type": "/problems/validation",
        "title": "Bad Request",
        "status": 400,
        "detail": "deadline: Ngày sai định dạng. Dùng một trong những định dạng sau để thay thế: YYYY-MM-DD.",
        "instance": "/api/v1/targets/",
        "errors": [
            {
                "pointer": "#/deadline",
                "code": "invalid",
                "detail": "Ngày sai định dạng. Dùng một trong những định dạng sau để thay thế: " "YYYY-MM-DD.",
            }
        ],
    },
}

# -- Request bodies: what writes the rows shown above

REQUESTS: dict[str, dict] = {
    "IndicatorRequest": {
        "code": "dvctt-muc-do-4-da-phuong-tien",
        "name": "Tỷ lệ dịch vụ công trực tuyến mức độ 4 được cung cấp trên nhiều phương tiện truy "
        "cập khác nhau, bao gồm cả thiết bị di động",
        "name_en": "Share of level-4 online public services available on several access channels, " "mobile included",
        "unit": "percent",
        "direction": "higher",
        "pillar": "chinh_quyen_so",
        "definition": "Theo cách viết của 749/QĐ-TTg và dự thảo Nghị quyết Quảng Ngãi 2021.",
        "source": "Quyết định 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ; Sở Nội vụ tỉnh "
        "Quảng Ngãi (theo quangngai.gov.vn) 31/08/2021",
        "index_family": "",
    },
    "PatchedIndicatorRequest": {
        "name_en": "Share of level-4 online public services available on several access " "channels, mobile included"
    },
    "MeasurementWriteRequest": {
        "report": 1,
        "indicator": 1,
        "level": "provincial",
        "as_of": "2024-10-11",
        "as_of_precision": "day",
        "value": "99.0000",
        "qualifier": "above",
        "is_estimate": False,
        "numerator": None,
        "denominator": None,
        "value_text": "trên 99%",
        "note": "Kinh tế & Đô thị (kinhtedothi.vn), Hà Phương, «Những kết quả ấn tượng trong "
        "chuyển đối số ở Quảng Ngãi», 10/2024: «Đối với các sở, ban, ngành cấp tỉnh "
        "đạt trên 99%, cấp huyện đạt gần 88%, cấp xã đạt trên 70%.» Câu trước: “tỷ lệ "
        "xử lý văn bản, hồ sơ công việc (trừ hồ sơ mật) trên môi trường mạng tại "
        "Quảng Ngãi ngày càng tăng cao.”",
        "methodology": "",
    },
    "PatchedMeasurementWriteRequest": {"value": "99.0000", "qualifier": "above", "value_text": "trên 99%"},
    "PlanWriteRequest": {
        "document_type": "quyet_dinh",
        "number": "1982/QĐ-UBND",
        "title": "Phê duyệt Đề án Chuyển đổi số tỉnh Quảng Trị đến năm 2025, định hướng đến năm 2030",
        "issuer": "UBND tỉnh Quảng Trị",
        "issued_on": "2022-07-29",
        "period_start": "2022-07-29",
        "period_end": "2030-12-31",
        "status": "in_force",
        "superseded_by": None,
        "source_url": "",
        "source_note": "Báo Quảng Trị, tin về cuộc họp của Ban Chỉ đạo Chuyển đổi số tỉnh Quảng Trị " "ngày 17/2/2023",
        "targets_note": "Chưa có chỉ tiêu: bài của Báo Quảng Trị (17/2/2023) chỉ nêu tên Quyết định, "
        "không nêu chỉ tiêu nào của Đề án. Chỉ tiêu nằm trong toàn văn Đề án, chưa "
        "được nhập.",
        "province": "2008-45",
    },
    "PatchedPlanWriteRequest": {
        "targets_note": "Chưa có chỉ tiêu: bài của Báo Quảng Trị (17/2/2023) chỉ nêu tên "
        "Quyết định, không nêu chỉ tiêu nào của Đề án. Chỉ tiêu nằm trong "
        "toàn văn Đề án, chưa được nhập."
    },
    "TargetWriteRequest": {
        "plan": 3,
        "indicator": 1,
        "level": "provincial",
        "comparator": "at_least",
        "value": "90.0000",
        "relative_change": None,
        "deadline": "2025-12-31",
        "baseline_value": None,
        "baseline_date": None,
        "milestones": [],
        "source_quote": "Phấn đấu 80% dịch vụ công trực tuyến mức độ 4 được cung cấp trên nhiều "
        "phương tiện truy cập khác nhau, bao gồm cả thiết bị di động; 90% hồ sơ "
        "công việc tại cấp tỉnh, 80% hồ sơ công việc tại cấp huyện và 60% hồ sơ "
        "công việc tại cấp xã được xử lý trên môi trường mạng (trừ hồ sơ công việc "
        "thuộc phạm vi bí mật nhà nước);100% chế độ báo cáo, chỉ tiêu tổng hợp báo "
        "cáo định kỳ và báo cáo thống kê về kinh tế- xã hội phục vụ sự chỉ đạo, "
        "điều hành của UBND các cấp được kết nối, tích hợp, chia sẻ dữ liệu số "
        "trên Hệ thống thông tin báo cáo tỉnh Quảng Ngãi, Hệ thống thông tin báo "
        "cáo Chính phủ.",
        "source_note": "Sở Nội vụ tỉnh Quảng Ngãi (theo quangngai.gov.vn), «Cho ý kiến về dự thảo "
        "Đề án, Nghị quyết Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2021-2025, định "
        "hướng đến 2030», 31/08/2021",
        "cohort": None,
        "relative_form": "",
        "value_source": "",
        "caveat": None,
        "caveat_note": "",
        "continues": None,
        "parent": 102,
        "responsible_unit": "",
    },
    "PatchedTargetWriteRequest": {"value": "90.0000", "deadline": "2025-12-31"},
    "ProgressReportWriteRequest": {
        "province": "2008-51",
        "title": "Kết quả ban đầu xây dựng Chính quyền điện tử tỉnh Quảng Ngãi (bài không " "ghi ngày)",
        "document_number": "",
        "reported_on": "2024-09-15",
        "period_start": None,
        "period_end": None,
        "source_url": "",
        "source_note": "Công Luận, bài về xây dựng Chính quyền điện tử tỉnh Quảng Ngãi " "(không ghi ngày đăng)",
        "period": None,
        "state": "draft",
        "measurements": [
            {
                "indicator": 48,
                "level": "overall",
                "as_of": "2024-09-15",
                "as_of_precision": "before",
                "value": "100.0000",
                "qualifier": "exact",
                "is_estimate": False,
                "numerator": None,
                "denominator": None,
                "value_text": "100%",
                "note": "Công Luận, bài về xây dựng Chính quyền điện tử tỉnh "
                "Quảng Ngãi (không ghi ngày đăng): «Đến nay, 100% cơ "
                "quan nhà nước trên địa bàn đã ứng dụng phần mềm Quản lý "
                "văn bản và điều hành, văn bản ban hành qua mạng đã được "
                "ký số; đồng thời đã liên thông với hệ thống văn bản của "
                "Chính phủ và Bộ, ngành TW và liên thông từ tỉnh đến "
                "xã.» Bài không ghi ngày; ngày muộn nhất in trên trang "
                "đã lưu là 15/9/2024, nên số liệu được ghi «trước "
                "15/9/2024» (as_of_precision = before).",
                "methodology": "",
            },
            {
                "indicator": 49,
                "level": "overall",
                "as_of": "2024-09-15",
                "as_of_precision": "before",
                "value": "100.0000",
                "qualifier": "exact",
                "is_estimate": False,
                "numerator": None,
                "denominator": None,
                "value_text": "100%",
                "note": "Công Luận, bài về xây dựng Chính quyền điện tử tỉnh "
                "Quảng Ngãi (không ghi ngày đăng): «Hệ thống Quản lý "
                "khám, chữa bệnh và thanh toán BHYT được ứng dụng tại "
                "tất cả các cơ sở khám chữa bệnh cấp tỉnh, cấp huyện và "
                "100% các trạm y tế cấp xã; 100% các cơ sở khám, chữa "
                "bệnh trực thuộc Sở Y tế đã liên thông dữ liệu với BHXH "
                "và Cổng dữ liệu Bộ Y tế.» Bài không ghi ngày; ngày muộn "
                "nhất in trên trang đã lưu là 15/9/2024, nên số liệu "
                "được ghi «trước 15/9/2024» (as_of_precision = before).",
                "methodology": "",
            },
        ],
    },
    "ProgressReportUpdateRequest": {
        "province": "2008-51",
        "title": "Kết quả ban đầu xây dựng Chính quyền điện tử tỉnh Quảng Ngãi (bài không " "ghi ngày)",
        "document_number": "",
        "reported_on": "2024-09-15",
        "period_start": None,
        "period_end": None,
        "source_url": "",
        "source_note": "Công Luận, bài về xây dựng Chính quyền điện tử tỉnh Quảng Ngãi " "(không ghi ngày đăng)",
        "period": None,
    },
    "PatchedProgressReportUpdateRequest": {
        "source_note": "Công Luận, bài về xây dựng Chính quyền điện tử tỉnh Quảng " "Ngãi (không ghi ngày đăng)"
    },
    "TransitionRequest": {"reason": "Đã ghi rõ nguồn số liệu."},
    "ReasonedTransitionRequest": {"reason": "Đề nghị ghi rõ nguồn số liệu của từng chỉ tiêu."},
    "ReasonRequest": {"reason": "Đã nhận đủ báo cáo năm 2024 của tỉnh."},
    "RequiredReasonRequest": {"reason": "Mở lại để tỉnh bổ sung số liệu dịch vụ công trực tuyến."},
    "SubscriptionWriteRequest": {
        "name": "Cổng dữ liệu mở tỉnh Quảng Ngãi",
        "url": "https://opendata.quangngai.gov.vn/dtrack/webhook",
        "secret": "s3cr3t-quang-ngai-webhook-2026",
        "events": ["report.approved", "target.status_changed"],
        "province": "2008-51",
        "active": True,
    },
    "PatchedSubscriptionWriteRequest": {"active": False},
    "EvidenceUploadRequest": {
        "report": 1,
        "measurement": 101,
        "narrative": "Bài «Những kết quả ấn tượng trong chuyển đối số ở Quảng Ngãi» "
        "(kinhtedothi.vn, 10/2024): hồ sơ công việc của các sở, ban, ngành cấp "
        "tỉnh được xử lý trên môi trường mạng đạt trên 99%.",
    },
}


def postprocess_examples(result, generator, request, public):
    """Each component named in RESPONSES or REQUESTS gets its example (`example`, OpenAPI 3.0 schema object)."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, example in {**RESPONSES, **REQUESTS}.items():
        if name in schemas:
            schemas[name]["example"] = example
    return result
