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
