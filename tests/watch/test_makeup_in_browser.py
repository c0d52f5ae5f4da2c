"""The make-up in a real browser (headless Chromium): a block dragged, refused, moved by the
keyboard and undone, with the issue file rewritten in place and the PDF rebuilt."""
import os
import subprocess
import sys

from .test_makeup_writes import ISSUE
from .test_watch import browser_or_skip, wait_for

SCALE = 0.6  # the page's screen pixels per pt (page.html)
COLUMN = (180.0 + 13.5) * SCALE  # the bulletin's base column and gutter, on screen


def test_a_block_dragged_keyed_and_undone_in_the_browser_rewrites_only_its_place(tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser = browser_or_skip()
    browser.set_window_size(1400, 1300)
    issue = tmp_path / "desk.yaml"
    issue.write_text(ISSUE, encoding="utf-8")
    pdf = tmp_path / "desk.pdf"
    process = subprocess.Popen([sys.executable, "-m", "pagesetter", "watch", str(issue), "-o",
                                str(pdf), "--port", "0", "--no-check"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=dict(os.environ, PYTHONUNBUFFERED="1"))
    box = '.box[data-block="短讯"]'
    try:
        url = wait_for(lambda: next(line.split()[1] for line in iter(process.stdout.readline, "")
                                    if line.startswith("preview:")))
        browser.get(url)
        wait_for(lambda: browser.find_element(By.CSS_SELECTOR, box).get_attribute("data-place")
                 == "{column: 1, span: 2, line: 1, height: 12}")
        article = browser.find_element(By.CSS_SELECTOR, box)
        built = pdf.stat().st_mtime_ns

        # dragged one column to the right: that value, and only it, changes; the PDF is rebuilt
        ActionChains(browser).click_and_hold(article).move_by_offset(round(COLUMN), 0) \
            .release().perform()
        wait_for(lambda: issue.read_text(encoding="utf-8") != ISSUE)
        moved = ISSUE.replace("place: {column: 1, span: 2,", "place: {column: 2, span: 2,")
        assert issue.read_text(encoding="utf-8") == moved
        wait_for(lambda: browser.find_element(By.CSS_SELECTOR, box).get_attribute("data-place")
                 == "{column: 2, span: 2, line: 1, height: 12}")
        assert pdf.stat().st_mtime_ns != built

        # dropped onto the photo: refused with the reason, the file untouched
        article = browser.find_element(By.CSS_SELECTOR, box)
        ActionChains(browser).click_and_hold(article).move_by_offset(round(2 * COLUMN), 0) \
            .release().perform()
        message = wait_for(lambda: browser.find_element(By.ID, "message").text)
        assert "人大代表助力备春耕" in message and "unchanged" in message
        assert issue.read_text(encoding="utf-8") == moved

        # the keyboard: the selected block one line down, then Ctrl+Z puts the bytes back
        browser.find_element(By.CSS_SELECTOR, box).click()
        ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
        wait_for(lambda: "line: 2, height: 12}" in issue.read_text(encoding="utf-8"))
        wait_for(lambda: browser.find_element(By.CSS_SELECTOR, box).get_attribute("data-place")
                 == "{column: 2, span: 2, line: 2, height: 12}")
        ActionChains(browser).key_down(Keys.CONTROL).send_keys("z").key_up(Keys.CONTROL) \
            .perform()
        wait_for(lambda: issue.read_text(encoding="utf-8") == moved)
        ActionChains(browser).key_down(Keys.CONTROL).send_keys("z").key_up(Keys.CONTROL) \
            .perform()
        wait_for(lambda: issue.read_text(encoding="utf-8") == ISSUE)
    finally:
        browser.quit()
        process.terminate()
        process.wait(20)
