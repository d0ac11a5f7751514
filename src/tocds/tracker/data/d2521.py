"""Official Letter 2521/UBND-VX (Cao Bằng, 22/9/2024) as data: its clauses as the project's docs
number them (D1.1 … D7.2, `shared/mission/directive-2521-en.md`), the Vietnamese text of each
(from the original), the kind of the responsible organisation and of the cooperating ones, and
the indicators: a formula of `tocds.reports.formulas` or, empty, a figure entered by hand."""

NUMBER = "2521/UBND-VX"
TITLE = "Thúc đẩy hoạt động của Tổ chuyển đổi số cộng đồng trên địa bàn tỉnh"
ISSUED_ON = "2024-09-22"
ISSUER = "Ủy ban nhân dân tỉnh (Phó Chủ tịch UBND tỉnh Trịnh Trường Huy)"

# The organisation of each kind the loader finds in the province, or creates with this name.
AGENCIES = {
    "science_agency": "Sở Khoa học và Công nghệ",
    "education_agency": "Sở Giáo dục và Đào tạo",
    "home_affairs_agency": "Sở Nội vụ",
    "youth_union": "Tỉnh đoàn",
    "media": "Báo Cao Bằng",
}

# code, short title, text, responsible kind ("" = the communes or the enterprises),
# cooperating kinds, falls to the communes, indicators (code, name, unit, formula).
CLAUSES = [
    (
        "D1.1",
        "Nội dung 05 kỹ năng số cơ bản",
        "Chủ trì nghiên cứu, xây dựng 05 nội dung kỹ năng số cơ bản (bao gồm: sử dụng dịch vụ "
        "công trực tuyến; mua sắm trực tuyến; thanh toán trực tuyến; tự bảo vệ mình trên không "
        "gian mạng và sử dụng nền tảng số khác phù hợp với đặc thù tại tỉnh).",
        "science_agency",
        [],
        False,
        [
            (
                "chung-nhan-hoc",
                "Chứng nhận học tập kỹ năng số đã cấp",
                "chứng nhận",
                "certificates_learning",
            ),
            ("tai-lieu", "Tài liệu, bài học kỹ năng số đã ban hành", "tài liệu", ""),
        ],
    ),
    (
        "D1.2",
        "Mô hình chuyển đổi số tại xóm, tổ dân phố",
        "Phối hợp với các cơ quan, đơn vị đề xuất, triển khai các mô hình chuyển đổi số tại các "
        "xóm, tổ dân phố, cụm dân cư gắn với 05 nội dung kỹ năng số cơ bản.",
        "science_agency",
        [],
        False,
        [("mo-hinh", "Mô hình chuyển đổi số đang triển khai", "mô hình", "models_deployed")],
    ),
    (
        "D1.3",
        "Bồi dưỡng, tập huấn về chuyển đổi số",
        "Cử đầu mối phối hợp với Cục Chuyển đổi số quốc gia - Bộ Thông tin và Truyền thông tổ "
        "chức thực hiện Kế hoạch bồi dưỡng, tập huấn về chuyển đổi số cho các đối tượng cán bộ, "
        "công chức, người dân, thành viên Tổ Chuyển đổi số cộng đồng trên địa bàn tỉnh theo thời "
        "gian dự kiến tại Công văn số 3240/BTTTT-CĐSQG.",
        "science_agency",
        [],
        False,
        [
            ("nguoi-tap-huan", "Người được bồi dưỡng, tập huấn", "người", "people_trained"),
            ("buoi-tap-huan", "Buổi bồi dưỡng, tập huấn đã tổ chức", "buổi", "sessions_held"),
        ],
    ),
    (
        "D1.4",
        "Chiến dịch “đi từng ngõ, gõ từng nhà”",
        "Chủ trì, phối hợp với các cơ quan, đơn vị, địa phương phát động và triển khai chiến dịch "
        "ra quân “đi từng ngõ, gõ từng nhà, hướng dẫn từng người dân sử dụng dịch vụ, ứng dụng để "
        "phát triển kinh tế số” của Tổ chuyển đổi số cộng đồng trên toàn tỉnh (từ ngày "
        "01/10/2024 - 10/10/2024).",
        "science_agency",
        [],
        False,
        [
            ("ho-duoc-den", "Hộ gia đình được đến hướng dẫn", "hộ", "households_visited"),
            ("nguoi-duoc-huong-dan", "Người dân được hướng dẫn", "người", "people_guided"),
        ],
    ),
    (
        "D1.5",
        "Tôn vinh, khen thưởng",
        "Chủ trì, phối hợp với Sở Nội vụ và các cơ quan, đơn vị liên quan hướng dẫn, lựa chọn "
        "trình Chủ tịch UBND tỉnh tôn vinh, khen thưởng đối với các tập thể, cá nhân có thành "
        "tích, mô hình, sáng kiến, cách làm hay trong chuyển đổi số và hiệu quả hoạt động của Tổ "
        "Chuyển đổi số cộng đồng để tôn vinh, khen thưởng chuyên đề theo quy định của pháp luật "
        "về thi đua, khen thưởng.",
        "science_agency",
        ["home_affairs_agency"],
        False,
        [("khen-thuong", "Tập thể, cá nhân được khen thưởng", "lượt", "honours_approved")],
    ),
    (
        "D2.1",
        "Dạy 05 kỹ năng số trong tiết ngoại khóa",
        "Chủ trì, phối hợp với Sở Thông tin và Truyền thông và các cơ quan, đơn vị liên quan xây "
        "dựng chương trình, kế hoạch đưa nội dung giảng dạy 05 nội dung kỹ năng số cơ bản phù "
        "hợp với điều kiện thực tế tại các cơ sở, địa phương vào tiết học ngoại khóa cho học sinh "
        "trung học cơ sở và trung học phổ thông trên địa bàn tỉnh để tăng cường hiểu biết, hỗ trợ "
        "các Tổ Chuyển đổi số cộng đồng địa phương.",
        "education_agency",
        ["science_agency"],
        False,
        [
            ("tiet-hoc", "Tiết học kỹ năng số đã dạy", "tiết", "lessons_delivered"),
            ("hoc-sinh", "Lượt học sinh tham gia", "lượt", "students_reached"),
        ],
    ),
    (
        "D3.1",
        "Thẩm định, trình khen thưởng",
        "Phối hợp với Sở Thông tin và Truyền thông rà soát, thẩm định và trình Chủ tịch UBND tỉnh "
        "tôn vinh, khen thưởng đối với các tập thể, cá nhân có thành tích, mô hình, sáng kiến, "
        "cách làm hay trong chuyển đổi số và hoạt động của Tổ Chuyển đổi số cộng đồng để tôn "
        "vinh, khen thưởng.",
        "home_affairs_agency",
        ["science_agency"],
        False,
        [("khen-thuong", "Tập thể, cá nhân được khen thưởng", "lượt", "honours_approved")],
    ),
    (
        "D4.1",
        "Bồi dưỡng kỹ năng số cho thành viên Tổ",
        "Thường xuyên tổ chức các lớp, đợt bồi dưỡng, tập huấn, phổ biến nhằm cập nhật kiến "
        "thức, kỹ năng số và an toàn thông tin mạng cho thành viên các Tổ Chuyển đổi số cộng "
        "đồng (bao gồm 05 nội dung kỹ năng số cơ bản); tổ chức thành các đợt, theo chuyên đề hoặc "
        "lồng ghép trong các chiến dịch, ra quân hoạt động của Tổ Chuyển đổi số cộng đồng của "
        "địa phương, nhất là trong các hoạt động hưởng ứng sự kiện Ngày Chuyển đổi số quốc gia, "
        "Ngày Chuyển đổi số của tỉnh trong tháng 10/2024.",
        "",
        [],
        True,
        [
            ("buoi-tap-huan", "Buổi bồi dưỡng, tập huấn đã tổ chức", "buổi", "sessions_held"),
            ("nguoi-tap-huan", "Người được bồi dưỡng, tập huấn", "người", "people_trained"),
        ],
    ),
    (
        "D4.2",
        "Tham gia các chương trình bồi dưỡng",
        "Chỉ đạo các cán bộ, công chức, viên chức, người dân, thành viên Tổ Chuyển đổi số cộng "
        "đồng thuộc phạm vi quản lý tham gia các kế hoạch, chương trình bồi dưỡng, tập huấn về "
        "chuyển đổi số do Bộ Thông tin và Truyền thông, Sở Thông tin và Truyền thông tổ chức.",
        "",
        [],
        True,
        [
            (
                "chung-nhan-khoa-hoc",
                "Chứng nhận hoàn thành khóa bồi dưỡng đã cấp",
                "chứng nhận",
                "certificates_training",
            ),
        ],
    ),
    (
        "D4.3",
        "Ra quân tại địa bàn",
        "Chỉ đạo các Tổ Chuyển đổi số cộng đồng hưởng ứng chiến dịch ra quân “đi từng ngõ, gõ "
        "từng nhà, hướng dẫn từng người dân sử dụng dịch vụ, ứng dụng để phát triển kinh tế số”; "
        "xây dựng phương án ra quân tại địa bàn, tới các khu dân cư, lựa chọn, hướng dẫn người "
        "dân sử dụng các dịch vụ, ứng dụng thiết thực để phát triển kinh tế số. Một số nội dung "
        "nghiên cứu, lựa chọn gồm: Hướng dẫn sử dụng dịch vụ công trực tuyến; hướng dẫn thanh "
        "toán không dùng tiền mặt; hướng dẫn mua bán trên sàn thương mại điện tử Việt Nam; bảo "
        "vệ bản thân và gia đình trên môi trường mạng; tìm kiếm thông tin hiệu quả trên Internet "
        "và các nội dung khác theo định hướng, chỉ đạo của chính quyền địa phương và sử dụng nền "
        "tảng số Việt Nam do địa phương lựa chọn (hoặc theo định hướng của Sở Thông tin và "
        "Truyền thông).",
        "",
        [],
        True,
        [
            ("ho-duoc-den", "Hộ gia đình được đến hướng dẫn", "hộ", "households_visited"),
            ("nguoi-duoc-huong-dan", "Người dân được hướng dẫn", "người", "people_guided"),
            ("xom-co-to-den", "Xóm, tổ dân phố có Tổ đến hướng dẫn", "xóm", "hamlets_reached"),
        ],
    ),
    (
        "D4.4",
        "Tổng hợp kết quả, báo cáo UBND tỉnh",
        "Tổng hợp kết quả thực hiện, báo cáo UBND tỉnh (qua Sở Thông tin và Truyền thông) sau khi "
        "kết thúc chiến dịch tại địa phương.",
        "",
        [],
        True,
        [("bao-cao", "Báo cáo kết quả chiến dịch được tiếp nhận", "báo cáo", "reports_accepted")],
    ),
    (
        "D4.5",
        "Truyền thông cho người dân",
        "Đẩy mạnh công tác truyền thông, tuyên truyền cho người dân bằng nhiều hình thức về lợi "
        "ích của việc sử dụng các nền tảng số, công nghệ số trong cuộc sống hằng ngày và tăng "
        "cường sử dụng các dịch vụ, tiện ích của chuyển đổi số; truyền thông, lan tỏa thông điệp, "
        "đưa tin các hoạt động của Tổ Chuyển đổi số cộng đồng hưởng ứng Ngày Chuyển đổi số quốc "
        "gia, Ngày Chuyển đổi số tỉnh (ngày 10/10 năm 2024).",
        "",
        [],
        True,
        [("tin-bai", "Tin, bài, hoạt động truyền thông", "tin, bài", "")],
    ),
    (
        "D5.1",
        "Đoàn viên là lực lượng nòng cốt của Tổ",
        "Phối hợp chỉ đạo các tổ chức cơ sở đoàn trực thuộc cử thành viên tham gia lực lượng "
        "nòng cốt trong Tổ Chuyển đổi số cộng đồng.",
        "youth_union",
        [],
        False,
        [("doan-vien", "Đoàn viên là thành viên Tổ", "người", "members_youth_union")],
    ),
    (
        "D5.2",
        "Phong trào thi đua trong đoàn viên, thanh niên",
        "Phát động các phong trào thi đua trong đoàn viên, thanh niên trên địa bàn tỉnh tiên "
        "phong sử dụng các nền tảng, ứng dụng công nghệ số, tạo sự lan tỏa trong cộng đồng dân "
        "cư.",
        "youth_union",
        [],
        False,
        [
            (
                "tham-gia-phong-trao",
                "Lượt tham gia phong trào thi đua",
                "lượt",
                "movement_participants",
            )
        ],
    ),
    (
        "D6.1",
        "Tin, bài, phóng sự, video truyền thông",
        "Đẩy mạnh công tác truyền thông, xây dựng các tin, bài, phóng sự, video truyền thông, "
        "tuyên truyền cho người dân bằng nhiều hình thức về lợi ích của việc sử dụng các nền tảng "
        "số, công nghệ số trong cuộc sống hằng ngày và tăng cường sử dụng các dịch vụ, tiện ích "
        "của chuyển đổi số; truyền thông, lan tỏa thông điệp, đưa tin các hoạt động của Tổ "
        "Chuyển đổi số cộng đồng hưởng ứng Ngày Chuyển đổi số quốc gia, Ngày Chuyển đổi số tỉnh "
        "năm 2024.",
        "media",
        [],
        False,
        [("tin-bai", "Tin, bài, phóng sự, video đã đăng phát", "tin, bài", "")],
    ),
    (
        "D7.1",
        "Cán bộ doanh nghiệp tham gia Tổ",
        "Quan tâm, tích cực cử cán bộ đầu mối thành thạo kỹ năng số tham gia hoạt động của Tổ "
        "Chuyển đổi số cộng đồng để đẩy mạnh hoạt động của Tổ.",
        "",
        ["enterprise"],
        False,
        [
            (
                "can-bo-doanh-nghiep",
                "Cán bộ doanh nghiệp là thành viên Tổ",
                "người",
                "members_enterprise",
            )
        ],
    ),
    (
        "D7.2",
        "Ưu đãi giá cho thành viên Tổ",
        "Nghiên cứu, có chính sách ưu đãi giá sản phẩm, dịch vụ số cho thành viên Tổ Chuyển đổi "
        "số cộng đồng để hỗ trợ, tạo thuận lợi trong hoạt động của Tổ Chuyển đổi số cộng đồng, "
        "thúc đẩy chuyển đổi số của tỉnh.",
        "",
        ["enterprise"],
        False,
        [("uu-dai", "Chính sách ưu đãi giá đang áp dụng", "chính sách", "")],
    ),
]
