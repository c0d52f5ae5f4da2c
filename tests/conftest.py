import os
import tempfile
from pathlib import Path

import pytest

# Tests never read or write the user's cache.
os.environ["PAGESETTER_CACHE_DIR"] = tempfile.mkdtemp(prefix="pagesetter-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2023-03.yaml"
PHOTO = ROOT / "issues" / "images" / "spring-field.jpg"

MINIMAL = f"""\
publication: 兴安人大
number: 1
date: 2023-03-31
format: bulletin
pages:
  - number: 1
    section: 要闻
    articles:
      - name: 短讯
        headline: 乌市人大：细化目标任务  实现推进有序
        byline: 本报讯（赵峰）
        place: {{column: 1, span: 2, line: 1, height: 12}}
        body:
          - 自治区两会闭幕后，乌市人大常委会便迅速组织人大代表、机关干部传达学习。
          - 坚持党的领导，坚定拥护“两个确立”，坚决做到“两个维护”。
    photos:
      - file: {PHOTO}
        place: {{column: 3, span: 2, line: 1, height: 20}}
        title: 人大代表助力备春耕
        caption: 近日，科右前旗俄体镇人大代表深入田间地头。
        credit: 张妍 摄
"""


@pytest.fixture
def minimal_issue(tmp_path):
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path
