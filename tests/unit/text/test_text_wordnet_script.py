"""The script that builds WordNet nltk_data from Debian's files."""

import pytest

from .conftest import _wordnet_builder


def test_lexnames_has_the_45_standard_files_in_wordnet_format():
    lines = _wordnet_builder().lexnames_text().splitlines()
    assert len(lines) == 45
    assert lines[0] == "00\tadj.all\t3"
    assert lines[3] == "03\tnoun.Tops\t1"
    assert lines[44] == "44\tadj.ppl\t3"
    assert all(line.split("\t")[2] in {"1", "2", "3", "4"} for line in lines)


def test_build_fails_clearly_without_debian_files(tmp_path):
    builder = _wordnet_builder()
    with pytest.raises(FileNotFoundError, match="Debian WordNet files missing"):
        builder.build(tmp_path / "out", source=tmp_path / "nowhere")
    assert builder.main([str(tmp_path / "out"), "--source", str(tmp_path / "nowhere")]) == 1


def test_build_copies_files_not_symlinks(wordnet_folder):
    wordnet = wordnet_folder / "corpora" / "wordnet"
    assert (wordnet / "lexnames").is_file()
    assert (wordnet / "data.noun").is_file() and not (wordnet / "data.noun").is_symlink()
