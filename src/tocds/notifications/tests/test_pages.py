"""The bell, the list, marking read, the e-mail preference."""

from django.test import RequestFactory

from tocds.home.context_processors import site
from tocds.notifications.models import Notification, Preference
from tocds.notifications.queries import unread_count
from tocds.notifications.tasks import make_reminders
from tocds.notifications.tests.helpers import DAY, conflicts


def test_the_bell_counts_unread_notifications_in_one_query(world, django_assert_num_queries):
    conflicts(world)
    make_reminders(DAY)
    page = world.client_for("officer_a").get("/teams/").content.decode()
    assert 'class="count">2</span>' in page
    request = RequestFactory().get("/")
    request.user = world.officer_b
    with django_assert_num_queries(1):
        assert unread_count(world.officer_b) == 1
    assert site(request)["unread_notifications"] == 1


def test_no_bell_count_without_unread_and_none_for_visitors(world):
    page = world.client_for("officer_a").get("/teams/").content.decode()
    assert 'class="count"' not in page
    assert 'href="/notifications/"' in page
    public = world.client_for("anonymous").get("/learn/").content.decode()
    assert 'href="/notifications/"' not in public


def test_the_list_shows_new_first_and_marks_read_one_and_all(world):
    conflicts(world)
    make_reminders(DAY)
    client = world.client_for("officer_a")
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert page.content.decode().count("Mới:") == 2
    first, _ = Notification.objects.filter(user=world.officer_a)
    response = client.post(f"/notifications/{first.pk}/read/", {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == first.link
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get("/notifications/").content.decode().count("Mới:") == 1
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(user=world.officer_a, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.officer_b, read_at__isnull=True).count() == 1


def test_another_users_notification_cannot_be_marked(world):
    conflicts(world)
    make_reminders(DAY)
    theirs = Notification.objects.filter(user=world.officer_b).first()
    response = world.client_for("officer_a").post(f"/notifications/{theirs.pk}/read/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_is_a_post(world):
    conflicts(world)
    make_reminders(DAY)
    mine = Notification.objects.filter(user=world.officer_a).first()
    response = world.client_for("officer_a").get(f"/notifications/{mine.pk}/read/")
    assert response.status_code == 405


def test_the_preference_is_saved_and_shown(world):
    client = world.client_for("leader")
    page = client.get("/notifications/").content.decode()
    assert 'value="digest" id="id_delivery_1" required checked' in page  # the default
    client.post("/notifications/preferences/", {"delivery": "immediate"})
    assert Preference.objects.get(user=world.leader).delivery == "immediate"
    page = client.get("/notifications/").content.decode()
    assert 'value="immediate" id="id_delivery_0" required checked' in page
    client.post("/notifications/preferences/", {"delivery": "carrier pigeon"})
    assert Preference.objects.get(user=world.leader).delivery == "immediate"
