"""The door of a networking moment on a phone: the coordinator opens the door page, the back camera films the
personal QR code, and the page checks the person in and says so. Chromium's fake camera plays a video of the QR
code, made here as YUV4MPEG2 frames."""
import datetime

import pytest
import segno
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from networking.links import check_in_url
from regie.accounts.groups import COORDINATORS
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory
from tests.support.networking import MeetingFactory, RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTH, HEIGHT, SCALE = 640, 480, 6


def qr_video(text, path, frames=5):
    """A few 640x480 frames (4:2:0, full-range luma) of a black-on-white QR code of `text`, as a .y4m file."""
    luma = bytearray(b"\xff" * WIDTH * HEIGHT)
    rows = list(segno.make(text, error="m").matrix_iter(scale=SCALE, border=4))
    top, left = (HEIGHT - len(rows)) // 2, (WIDTH - len(rows[0])) // 2
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                luma[(top + y) * WIDTH + left + x] = 0
    frame = b"FRAME\n" + bytes(luma) + b"\x80" * (WIDTH * HEIGHT // 2)  # U and V: no colour
    path.write_bytes(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode() + frame * frames)
    return path


@pytest.fixture
def phone(browser_type, tmp_path, transactional_db):
    """A phone's browser whose camera films the QR code of Anna's registration."""
    meeting = MeetingFactory(slug="tongeren", starts_at=timezone.now() + datetime.timedelta(minutes=30))  # at the door
    anna = RegistrationFactory(meeting=meeting, contact_name="Anna Peeters", company_name="Bakkerij Peeters")
    video = qr_video(check_in_url(anna), tmp_path / "qr.y4m")
    browser = browser_type.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    yield page, anna
    browser.close()


def test_the_door_page_checks_in_the_qr_code_its_camera_films(phone, live_server, axe_violations):
    page, anna = phone
    coordinator = UserFactory(username="door", is_staff=True)
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    with translation.override("en"):
        door = reverse("networking:door", kwargs={"slug": "tongeren"})
    page.goto(live_server.url + door)  # to the admin's log-in first, and back
    page.locator("#id_username").fill("door")
    page.locator("#id_password").fill("a-long-test-password")
    page.locator("#id_password").press("Enter")

    expect(page.get_by_role("status").filter(has_text="Welcome")).to_have_text(
        "Welcome, Anna Peeters, Bakkerij Peeters", timeout=15_000)
    expect(page.get_by_text("1 of 1 checked in")).to_be_visible()
    anna.refresh_from_db()
    assert anna.checked_in_at is not None and anna.checked_in_by == coordinator
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll on the phone
    assert axe_violations(page) == ""
