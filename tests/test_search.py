import pytest

from sinergi.registry import search


@pytest.mark.django_db
class TestSearch:
    def test_by_nik_exact(self, personas, world):
        outcome = search.search(personas["kab_operator"], world.head.nik)
        assert [(h.person, h.matched) for h in outcome.hits] == [(world.head, "nik")]

    def test_nik_with_spaces_and_dots_as_typed(self, personas, world):
        typed = f"{world.head.nik[:6]} {world.head.nik[6:12]}.{world.head.nik[12:]}"
        assert [h.person for h in search.search(personas["kab_operator"], typed).hits] == [world.head]

    def test_by_kk(self, personas, world):
        outcome = search.search(personas["kab_operator"], world.home.no_kk)
        assert [(h.household, h.matched) for h in outcome.hits] == [(world.home, "kk")]

    def test_kk_mode_with_a_short_number_explains(self, personas, world):
        outcome = search.search(personas["kab_operator"], "1106", mode="kk")
        assert outcome.hits == [] and "16 angka" in outcome.message

    @pytest.mark.parametrize("typed", ["teuku muhamad nasir", "TEUKU MOHAMMAD NASIR", "muhammad nasir", "nasir"])
    def test_by_name_with_typos_and_variants(self, personas, world, typed):
        persons = [h.person for h in search.search(personas["kab_operator"], typed, mode="nama").hits]
        assert world.head in persons, typed

    def test_titles_do_not_get_in_the_way(self, personas, world):
        persons = [h.person for h in search.search(personas["kab_operator"], "siti aminah").hits]
        assert persons and persons[0].name == "Hj. SITI aminah, S.Pd"

    def test_exact_length_name_ranks_above_a_longer_namesake(self, personas, world):
        from tests.conftest import make_household

        make_household(world.desa_y, no_kk="", address="Lorong Baru", members=[
            dict(name="Teuku Muhammad Nasir Saputra Ramadhan", sex="L", relation="1")])
        persons = [h.person.name for h in search.search(personas["kab_operator"], "teuku muhamad nasir").hits]
        assert persons[:2] == ["Teuku Muhammad Nasir", "Teuku Muhammad Nasir Saputra Ramadhan"]

    def test_unrelated_name_finds_nothing(self, personas, world):
        assert search.search(personas["kab_operator"], "Yohanes Kristianto").hits == []

    def test_by_address(self, personas, world):
        hits = search.search(personas["kab_operator"], "lorong sawah", mode="alamat").hits
        assert [h.household for h in hits] == [world.neighbour]

    def test_area_filter(self, personas, world):
        hits = search.search(personas["kab_operator"], "dusun", mode="alamat", area="11.06.01").hits
        assert {h.household for h in hits} == {world.far}

    def test_empty_and_silly_queries_do_not_crash(self, personas, world):
        for query in ("", "   ", "'; DROP TABLE registry_person; --", '"', "*", "a", "ab", "x" * 500, "NEAR(a b)"):
            search.search(personas["kab_operator"], query)
            search.search(personas["kab_operator"], query, mode="alamat")

    def test_results_are_paginated(self, personas, world, settings):
        settings.SINERGI_PAGE_SIZE = 1
        outcome = search.search(personas["province_admin"], "dusun", mode="alamat")
        assert outcome.page.paginator.num_pages >= 2 and len(outcome.hits) == 1


class TestMatchThreshold:
    def test_a_common_word_alone_cannot_carry_a_match(self):
        from sinergi.core.trigram import match_threshold, word_similarity

        threshold = match_threshold("MUHAMMAD IIDAN", 0.6)
        assert word_similarity("MUHAMMAD IIDAN", "MUHAMMAD RIZKI") < threshold
        assert word_similarity("MUHAMMAD IIDAN", "MUHAMMAD ZIDAN") >= threshold

    def test_single_words_keep_the_base_and_one_typo_per_name_still_matches(self):
        from sinergi.core.trigram import match_threshold, word_similarity

        assert match_threshold("AMINAH", 0.6) == 0.6
        for typed, stored in [("SITI AMINAN", "SITI AMINAH"), ("NURUA KHAIRUNNISA", "NURUL KHAIRUNNISA"),
                              ("TEUKU MUHAMAD NASIR", "TEUKU MUHAMMAD NASIR"), ("SITI AMINAH", "SITI AMINAH BINTI UMAR")]:
            assert word_similarity(typed, stored) >= match_threshold(typed, 0.6), typed


@pytest.mark.django_db
def test_many_namesakes_of_one_word_do_not_bury_the_person(personas, world):
    from tests.conftest import make_household

    make_household(world.desa_y, no_kk="", address="Lorong Zidan", members=[
        dict(name=f"Muhammad {other}", sex="L", relation="1" if i == 0 else "4")
        for i, other in enumerate(["Rizki", "Fauzan", "Haikal", "Azril", "Rafli", "Ilham", "Zidan"])])
    names = [h.person.name for h in search.search(personas["kab_operator"], "muhammad iidan", mode="nama").hits]
    assert names[0] == "Muhammad Zidan"
    assert not {"Muhammad Rizki", "Muhammad Fauzan", "Muhammad Haikal", "Muhammad Azril"} & set(names)


PAIRS = [("MUHAMMAD IIDAN", "MUHAMMAD ZIDAN ALFARIZI"), ("MUHAMMAD IIDAN", "MUHAMMAD RIZKI"),
         ("SITI AMINAN", "SITI AMINAH BINTI UMAR"), ("aminan", "AMINAH"), ("NURUA KHAIRUNNISA", "NURUL KHAIRUNNISA"),
         ("TEUKU MUHAMAD NASIR", "TEUKU MUHAMMAD NASIR"), ("DUSUN PANTAI", "DUSUN MESJID RT 001 RW 002 LAMPEUNEURUT"),
         ("BUDI", "SITI AMINAH"), ("AHMAD", "AHMAD AHMAD AHMADI")]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "text"), PAIRS)
def test_python_scores_equal_the_databases_own(query, text):
    """On the PostgreSQL run this compares with pg_trgm itself: both databases must rank and filter alike."""
    from django.db import connection

    from sinergi.core.trigram import similarity, word_similarity

    functions = (("word_similarity", "similarity") if connection.vendor == "postgresql"
                 else ("sinergi_word_similarity", "sinergi_similarity"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {functions[0]}(%s, %s), {functions[1]}(%s, %s)", [query, text, query, text])
        db_word, db_whole = cursor.fetchone()
    assert word_similarity(query, text) == pytest.approx(db_word, abs=1e-6)
    assert similarity(query, text) == pytest.approx(db_whole, abs=1e-6)
