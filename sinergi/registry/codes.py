"""Code lists of the KK (Dukcapil) and DTKS forms. Values are the codes the source forms use, so exports and
imports map one to one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Relation(models.TextChoices):
    # Status hubungan dalam keluarga, as numbered on the KK.
    HEAD = "1", _("Kepala keluarga")
    HUSBAND = "2", _("Suami")
    WIFE = "3", _("Istri")
    CHILD = "4", _("Anak")
    CHILD_IN_LAW = "5", _("Menantu")
    GRANDCHILD = "6", _("Cucu")
    PARENT = "7", _("Orang tua")
    PARENT_IN_LAW = "8", _("Mertua")
    OTHER_FAMILY = "9", _("Famili lain")
    HELPER = "10", _("Pembantu")
    OTHER = "11", _("Lainnya")


class Marital(models.TextChoices):
    SINGLE = "1", _("Belum kawin")
    MARRIED = "2", _("Kawin")
    DIVORCED = "3", _("Cerai hidup")
    WIDOWED = "4", _("Cerai mati")


class Religion(models.TextChoices):
    ISLAM = "1", _("Islam")
    PROTESTANT = "2", _("Kristen")
    CATHOLIC = "3", _("Katolik")
    HINDU = "4", _("Hindu")
    BUDDHIST = "5", _("Buddha")
    CONFUCIAN = "6", _("Konghucu")
    OTHER = "7", _("Kepercayaan/lainnya")


class Education(models.TextChoices):
    NONE = "0", _("Tidak/belum sekolah")
    SD = "1", _("SD/sederajat")
    SMP = "2", _("SMP/sederajat")
    SMA = "3", _("SMA/sederajat")
    DIPLOMA = "4", _("Diploma I-III")
    S1 = "5", _("Diploma IV/S1")
    POSTGRAD = "6", _("S2/S3")


class Disability(models.TextChoices):
    NONE = "", _("Tidak ada")
    PHYSICAL = "fisik", _("Disabilitas fisik")
    INTELLECTUAL = "intelektual", _("Disabilitas intelektual")
    MENTAL = "mental", _("Disabilitas mental")
    VISION = "netra", _("Disabilitas sensorik netra")
    HEARING = "rungu_wicara", _("Disabilitas sensorik rungu/wicara")
    MULTIPLE = "ganda", _("Disabilitas ganda")


class ChronicIllness(models.TextChoices):
    NONE = "", _("Tidak ada")
    HYPERTENSION = "hipertensi", _("Hipertensi")
    DIABETES = "diabetes", _("Diabetes")
    HEART = "jantung", _("Jantung")
    TB = "tbc", _("TBC")
    CANCER = "kanker", _("Kanker")
    STROKE = "stroke", _("Stroke")
    KIDNEY = "ginjal", _("Gagal ginjal")
    OTHER = "lainnya", _("Lainnya")


class PersonStatus(models.TextChoices):
    ACTIVE = "aktif", _("Aktif")
    DECEASED = "meninggal", _("Meninggal")
    MOVED_AWAY = "pindah", _("Pindah keluar wilayah")


class HouseholdStatus(models.TextChoices):
    ACTIVE = "aktif", _("Aktif")
    MOVED_AWAY = "pindah", _("Pindah keluar wilayah")
    DISSOLVED = "bubar", _("Bubar (anggota pindah KK)")


class Floor(models.TextChoices):
    CERAMIC = "keramik", _("Marmer/granit/keramik")
    TILE = "ubin", _("Ubin/tegel/teraso")
    WOOD = "kayu", _("Kayu/papan")
    CEMENT = "semen", _("Semen/bata merah")
    BAMBOO = "bambu", _("Bambu")
    EARTH = "tanah", _("Tanah")


class Wall(models.TextChoices):
    BRICK = "tembok", _("Tembok")
    PLASTER_BAMBOO = "plesteran", _("Plesteran anyaman bambu/kawat")
    WOOD = "kayu", _("Kayu/papan")
    BAMBOO = "bambu", _("Anyaman bambu")
    OTHER = "lainnya", _("Lainnya (seng, triplek, dll.)")


class Roof(models.TextChoices):
    CONCRETE = "beton", _("Beton")
    ROOF_TILE = "genteng", _("Genteng")
    ZINC = "seng", _("Seng")
    ASBESTOS = "asbes", _("Asbes")
    WOOD = "kayu", _("Kayu/sirap")
    THATCH = "ijuk", _("Jerami/ijuk/daun/rumbia")


class WaterSource(models.TextChoices):
    PIPED = "ledeng", _("Air ledeng/PAM")
    BOTTLED = "kemasan", _("Air kemasan/isi ulang")
    PROTECTED_WELL = "sumur_terlindung", _("Sumur bor/terlindung")
    UNPROTECTED_WELL = "sumur_tak_terlindung", _("Sumur tak terlindung")
    SPRING = "mata_air", _("Mata air")
    RIVER = "sungai", _("Air sungai/danau")
    RAIN = "hujan", _("Air hujan")


class Lighting(models.TextChoices):
    PLN_METERED = "pln_meteran", _("Listrik PLN dengan meteran")
    PLN_SHARED = "pln_numpang", _("Listrik PLN tanpa meteran/numpang")
    NON_PLN = "non_pln", _("Listrik non-PLN")
    NONE = "bukan_listrik", _("Bukan listrik")


class CookingFuel(models.TextChoices):
    ELECTRIC = "listrik", _("Listrik")
    GAS_LARGE = "gas_besar", _("Gas ≥ 5,5 kg / gas kota")
    LPG_3KG = "lpg_3kg", _("LPG 3 kg")
    KEROSENE = "minyak_tanah", _("Minyak tanah")
    WOOD = "kayu", _("Kayu bakar/arang")
    NONE = "tidak_memasak", _("Tidak memasak di rumah")


class Toilet(models.TextChoices):
    OWN = "sendiri", _("Sendiri")
    SHARED = "bersama", _("Bersama/komunal")
    PUBLIC = "umum", _("Umum")
    NONE = "tidak_ada", _("Tidak ada")


class LandOwnership(models.TextChoices):
    OWN = "milik_sendiri", _("Milik sendiri")
    RENT = "sewa", _("Kontrak/sewa")
    FREE = "bebas_sewa", _("Bebas sewa/menumpang")
    OFFICIAL = "dinas", _("Rumah dinas")
    OTHER = "lainnya", _("Lainnya")


# Asset flags of the DTKS form, in the form's order: (field name, label).
ASSET_FIELDS = [
    ("has_lpg_5_5kg", _("Tabung gas ≥ 5,5 kg")),
    ("has_refrigerator", _("Lemari es")),
    ("has_ac", _("AC")),
    ("has_water_heater", _("Pemanas air")),
    ("has_phone", _("Telepon/HP")),
    ("has_tv", _("Televisi")),
    ("has_gold_10g", _("Emas/perhiasan/tabungan ≥ 10 gram")),
    ("has_computer", _("Komputer/laptop")),
    ("has_bicycle", _("Sepeda")),
    ("has_motorcycle", _("Sepeda motor")),
    ("has_car", _("Mobil")),
    ("has_boat", _("Perahu/kapal motor")),
    ("has_land", _("Lahan/tanah (di luar rumah)")),
]

HOUSING_FIELDS = [
    "floor", "wall", "roof", "water_source", "lighting", "cooking_fuel", "toilet", "land_ownership",
]
