"""The class quiz: a teacher opens it for a class and skill, students join on their phones with
the code (no account, no name), answer, see their own result per task; the teacher sees the
class's results per task — only for their own classes. Codes stop working when the quiz is
closed or its time runs out."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tocds.schools import quiz_views
from tocds.schools.models import ClassQuiz, QuizSubmission, SubmissionTask
from tocds.schools.tests.factories import answer_sheet

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_quiz(sw, client=None, minutes=20) -> ClassQuiz:
    client = client or signed_in(sw.teacher)
    response = client.post(
        f"/schools/classes/{sw.class_a.pk}/quizzes/new/",
        {"skill": sw.skill.pk, "minutes": minutes},
    )
    assert response.status_code == 302
    return ClassQuiz.objects.filter(school_class=sw.class_a).latest("opened_at")


def join_and_answer(quiz: ClassQuiz, mastered: set[str], phone: Client | None = None):
    phone = phone or Client()
    response = phone.post("/quiz/", {"code": quiz.code})
    assert response.status_code == 302
    assert response["Location"] == f"/quiz/{quiz.code}/"
    page = phone.get(response["Location"])
    assert page.status_code == 200
    return phone, phone.post(f"/quiz/{quiz.code}/", answer_sheet(quiz.skill, mastered))


# Opening ------------------------------------------------------------------------------------


def test_teacher_opens_a_quiz_and_sees_its_code_and_a_qr_to_the_join_page(sw):
    teacher = signed_in(sw.teacher)
    quiz = open_quiz(sw, teacher, minutes=15)
    assert re.fullmatch(r"\d{6}", quiz.code)
    assert quiz.closes_at - quiz.opened_at == timedelta(minutes=15)
    page = teacher.get(f"/schools/quizzes/{quiz.pk}/").content.decode()
    assert f'<p class="class-code" aria-label="Mã vào bài">{quiz.code}</p>' in page
    assert 'src="data:image/svg+xml' in page  # the QR, drawn inline (CSP: img-src data:)
    assert f"http://testserver/quiz/{quiz.code}/" in page or "/quiz/" in page


def test_a_class_has_one_open_quiz_at_a_time(sw):
    teacher = signed_in(sw.teacher)
    open_quiz(sw, teacher)
    response = teacher.post(
        f"/schools/classes/{sw.class_a.pk}/quizzes/new/", {"skill": sw.skill.pk, "minutes": 20}
    )
    assert response.status_code == 302
    assert ClassQuiz.objects.filter(school_class=sw.class_a).count() == 1
    page = teacher.get(response["Location"]).content.decode()
    assert "Lớp này đang có một bài kiểm tra mở" in page


def test_quiz_durations_are_the_ones_offered(sw):
    response = signed_in(sw.teacher).post(
        f"/schools/classes/{sw.class_a.pk}/quizzes/new/", {"skill": sw.skill.pk, "minutes": 600}
    )
    assert response.status_code == 302
    assert not ClassQuiz.objects.exists()


# Joining and answering ------------------------------------------------------------------------


def test_a_student_joins_with_the_code_answers_and_sees_their_result_per_task(sw):
    quiz = open_quiz(sw)
    phone, response = join_and_answer(quiz, mastered={"DVC-01"})
    assert response.status_code == 302
    assert response["Location"] == f"/quiz/{quiz.code}/result/"
    page = phone.get(response["Location"]).content.decode()
    assert "Cài VNeID từ kho ứng dụng chính thức" in page
    assert "Đã làm được" in page and "Cần luyện thêm" in page
    assert "/learn/public_services/dvc-dang-nhap/" in page  # back to the lesson of the weak task
    submission = QuizSubmission.objects.get(quiz=quiz)
    assert (submission.right, submission.total, submission.passed) == (2, 4, False)
    assert {(t.task.code, t.right, t.total, t.mastered) for t in submission.task_results.all()} == {
        ("DVC-01", 2, 2, True),
        ("DVC-04", 0, 2, False),
    }


def test_the_code_can_be_typed_with_spaces_and_the_join_page_can_carry_it(sw):
    quiz = open_quiz(sw)
    spaced = f"{quiz.code[:3]} {quiz.code[3:]}"
    response = Client().post("/quiz/", {"code": spaced})
    assert response["Location"] == f"/quiz/{quiz.code}/"
    assert Client().get(f"/quiz/?code={quiz.code}")["Location"] == f"/quiz/{quiz.code}/"


def test_no_student_name_is_asked_or_stored(sw):
    quiz = open_quiz(sw)
    page = Client().get(f"/quiz/{quiz.code}/").content.decode()
    form = page.split('<form method="post" action="/quiz/', 1)[1].split("</form>", 1)[0]
    inputs = set(re.findall(r'<(?:input|textarea|select)[^>]*name="([^"]+)"', form))
    assert inputs == {"csrfmiddlewaretoken", "device"} | {
        f"q{pk}" for pk in quiz.skill.tasks.values_list("questions", flat=True)
    }
    phone, _ = join_and_answer(quiz, mastered={"DVC-01", "DVC-04"})
    # What a submission is made of: scores and a digest, nothing that names anyone.
    assert {f.name for f in QuizSubmission._meta.concrete_fields} == {
        "id", "quiz", "device", "right", "total", "percent", "passed", "created_at",
    }  # fmt: skip
    assert {f.name for f in SubmissionTask._meta.concrete_fields} == {
        "id", "submission", "task", "right", "total", "mastered",
    }  # fmt: skip
    submission = QuizSubmission.objects.get()
    cookie = phone.cookies[quiz_views.COOKIE].value
    token = cookie.split(":", 1)[1].split(":", 1)[0]  # "<quiz id>:<token>:<signature>"
    assert re.fullmatch(r"[0-9a-f]{64}", submission.device)
    assert submission.device == hashlib.sha256(token.encode()).hexdigest()
    assert token not in submission.device


def test_the_same_phone_cannot_send_twice(sw):
    quiz = open_quiz(sw)
    phone, _ = join_and_answer(quiz, mastered={"DVC-01"})
    # Opening the quiz again leads to the result; sending the form again is refused.
    assert phone.get(f"/quiz/{quiz.code}/")["Location"] == f"/quiz/{quiz.code}/result/"
    again = phone.post(f"/quiz/{quiz.code}/", answer_sheet(quiz.skill, {"DVC-01", "DVC-04"}))
    assert again.status_code == 302
    assert QuizSubmission.objects.filter(quiz=quiz).count() == 1
    assert QuizSubmission.objects.get().right == 2


def test_a_replayed_form_without_the_cookie_is_refused_by_its_device_token(sw):
    quiz = open_quiz(sw)
    phone = Client()
    page = phone.get(f"/quiz/{quiz.code}/").content.decode()
    device = re.search(r'name="device" value="([^"]+)"', page).group(1)
    data = {**answer_sheet(quiz.skill, {"DVC-01"}), "device": device}
    assert phone.post(f"/quiz/{quiz.code}/", data).status_code == 302
    replay = Client().post(f"/quiz/{quiz.code}/", data)  # same form, cookies gone
    assert replay.status_code == 400
    assert "Điện thoại này đã gửi bài" in replay.content.decode()
    assert QuizSubmission.objects.filter(quiz=quiz).count() == 1


def test_students_sharing_a_phone_answer_one_after_another(sw):
    quiz = open_quiz(sw)
    phone, _ = join_and_answer(quiz, mastered={"DVC-01"})
    response = phone.post(f"/quiz/{quiz.code}/next/")
    assert response["Location"] == f"/quiz/{quiz.code}/"
    phone.get(response["Location"])
    phone.post(f"/quiz/{quiz.code}/", answer_sheet(quiz.skill, {"DVC-01", "DVC-04"}))
    assert sorted(QuizSubmission.objects.values_list("right", flat=True)) == [2, 4]


def test_no_more_answer_sheets_than_the_class_has_students(sw):
    sw.class_a.students = 2
    sw.class_a.save()
    quiz = open_quiz(sw)
    join_and_answer(quiz, mastered=set())
    join_and_answer(quiz, mastered=set())
    _, third = join_and_answer(quiz, mastered=set())
    assert third.status_code == 400
    assert "Đã nhận đủ số bài bằng số học sinh của lớp" in third.content.decode()
    assert QuizSubmission.objects.filter(quiz=quiz).count() == 2


def test_unanswered_questions_are_pointed_out_and_nothing_is_kept(sw):
    quiz = open_quiz(sw)
    phone = Client()
    phone.get(f"/quiz/{quiz.code}/")
    response = phone.post(f"/quiz/{quiz.code}/", {})
    assert response.status_code == 400
    assert "Hãy chọn một câu trả lời." in response.content.decode()
    assert not QuizSubmission.objects.exists()


# Codes that do not work -----------------------------------------------------------------------


def test_a_wrong_code_gets_a_clear_message(sw):
    open_quiz(sw)
    response = Client().post("/quiz/", {"code": "000000"})
    assert response.status_code == 404
    assert "Không có bài kiểm tra nào có mã này" in response.content.decode()
    bad = Client().post("/quiz/", {"code": "12ab"})
    assert bad.status_code == 400
    assert "Mã vào bài gồm 6 chữ số." in bad.content.decode()


def test_many_wrong_codes_from_one_address_must_wait(sw, monkeypatch):
    monkeypatch.setattr(quiz_views, "WRONG_CODE_RATE", "3/m")
    phone = Client()
    statuses = [phone.post("/quiz/", {"code": f"00000{n}"}).status_code for n in range(5)]
    assert statuses == [404, 404, 404, 429, 429]
    assert (
        "Bạn đã nhập sai mã quá nhiều lần"
        in phone.post("/quiz/", {"code": "000009"}).content.decode()
    )


def test_a_closed_quiz_code_stops_working(sw):
    teacher = signed_in(sw.teacher)
    quiz = open_quiz(sw, teacher)
    phone = Client()
    phone.get(f"/quiz/{quiz.code}/")  # a student had the page open
    assert teacher.post(f"/schools/quizzes/{quiz.pk}/close/").status_code == 302
    quiz.refresh_from_db()
    assert quiz.closed_at is not None
    late = phone.post(f"/quiz/{quiz.code}/", answer_sheet(quiz.skill, {"DVC-01"}))
    assert late.status_code == 410
    assert "Bài kiểm tra này đã đóng" in late.content.decode()
    assert Client().get(f"/quiz/{quiz.code}/").status_code == 410
    assert not QuizSubmission.objects.exists()
    assert "Đã đóng lúc" in teacher.get(f"/schools/quizzes/{quiz.pk}/").content.decode()


def test_a_quiz_code_stops_working_when_its_time_runs_out(sw):
    quiz = open_quiz(sw)
    phone = Client()
    phone.get(f"/quiz/{quiz.code}/")
    ClassQuiz.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    late = phone.post(f"/quiz/{quiz.code}/", answer_sheet(quiz.skill, {"DVC-01"}))
    assert late.status_code == 410
    assert not QuizSubmission.objects.exists()
    # An expired quiz no longer blocks opening a new one for the class.
    assert open_quiz(sw).pk != quiz.pk


def test_a_student_still_sees_their_own_result_after_the_quiz_closes(sw):
    teacher = signed_in(sw.teacher)
    quiz = open_quiz(sw, teacher)
    phone, _ = join_and_answer(quiz, mastered={"DVC-04"})
    teacher.post(f"/schools/quizzes/{quiz.pk}/close/")
    page = phone.get(f"/quiz/{quiz.code}/result/")
    assert page.status_code == 200
    assert "Người tiếp theo dùng máy này" not in page.content.decode()
    assert Client().get(f"/quiz/{quiz.code}/result/").status_code == 302  # another phone


# The teacher's results ------------------------------------------------------------------------


def test_teacher_sees_how_many_students_mastered_each_task(sw):
    teacher = signed_in(sw.teacher)
    quiz = open_quiz(sw, teacher)
    for mastered in ({"DVC-01", "DVC-04"}, {"DVC-01"}, {"DVC-01"}, set()):
        join_and_answer(quiz, mastered)
    page = teacher.get(f"/schools/quizzes/{quiz.pk}/").content.decode()
    assert "<b>4 / 30</b>" in page  # answer sheets / students of the class
    rows = re.findall(
        r'<td data-label="Việc cần làm được">(\S+) · .*?</td>\s*<td[^>]*>(\d+) / (\d+)</td>', page
    )
    assert rows == [("DVC-01", "3", "4"), ("DVC-04", "1", "4")]
    assert "<b>1</b>" in page  # reached the pass mark (75%): only the first
    # The results block refreshes in place while the quiz is open.
    partial = teacher.get(f"/schools/quizzes/{quiz.pk}/", headers={"HX-Request": "true"})
    assert partial.content.decode().startswith('<div id="results" hx-get=')
    assert "<html" not in partial.content.decode()


def test_teacher_sees_only_their_own_classes_quizzes(sw):
    quiz = open_quiz(sw)
    join_and_answer(quiz, {"DVC-01"})
    for user in (sw.colleague, sw.teacher_b):
        other = signed_in(user)
        assert other.get(f"/schools/quizzes/{quiz.pk}/").status_code == 404
        assert other.post(f"/schools/quizzes/{quiz.pk}/close/").status_code == 404
        assert other.get(f"/schools/classes/{sw.class_a.pk}/").status_code == 404
    quiz.refresh_from_db()
    assert quiz.closed_at is None


def test_a_teacher_whose_grant_is_revoked_loses_the_class_and_its_quizzes(sw):
    quiz = open_quiz(sw)
    sw.teacher.grants.update(revoked_at=timezone.now())
    teacher = signed_in(sw.teacher)
    assert teacher.get(f"/schools/quizzes/{quiz.pk}/").status_code == 404
    assert teacher.get("/schools/").status_code == 404


def test_a_malformed_device_value_is_replaced_by_a_fresh_token(sw):
    quiz = open_quiz(sw)
    forged = "1:x,2:y" * 3
    data = {**answer_sheet(quiz.skill, {"DVC-01"}), "device": forged}
    assert Client().post(f"/quiz/{quiz.code}/", data).status_code == 302
    assert QuizSubmission.objects.get().device != hashlib.sha256(forged.encode()).hexdigest()
