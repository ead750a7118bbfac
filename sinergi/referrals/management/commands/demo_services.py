"""Demo data for the SLRT desk: the kabupaten's service providers, pillar workers for the demo pillar accounts
(and for other desa, so coverage has gaps and overlaps to show), and a few cases, referrals and grievances in
every state. Synthetic people only: the residents come from `sinergi generate`."""

import datetime as dt
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from sinergi.areas.models import Area, Level
from sinergi.pillars.models import PillarType, PillarWorker, WorkArea
from sinergi.referrals import operations
from sinergi.referrals.models import Case, ProviderKind, ServiceProvider, ServiceType, State
from sinergi.registry.models import Household, Person

PROVIDERS = [
    # name pattern, kind, service codes, demo account
    ("Dinas Kependudukan dan Pencatatan Sipil {regency}", ProviderKind.OPD, ["ktp-kk", "akta-kelahiran"],
     "disdukcapil"),
    ("Dinas Kesehatan {regency}", ProviderKind.OPD, ["pbi-jk", "berobat"], None),
    ("RSUD {regency}", ProviderKind.HOSPITAL, ["berobat"], None),
    ("BPJS Kesehatan Kantor Cabang {regency}", ProviderKind.BPJS, ["pbi-jk"], None),
    ("Dinas Pendidikan dan Kebudayaan {regency}", ProviderKind.OPD, ["pendidikan"], None),
    ("Dinas Perumahan Rakyat dan Kawasan Permukiman {regency}", ProviderKind.OPD, ["rtlh"], None),
    ("Dinas Tenaga Kerja {regency}", ProviderKind.OPD, ["kerja"], None),
    ("Dinas Sosial {regency} (Bidang Rehabilitasi Sosial)", ProviderKind.OPD, ["rehsos", "pangan", "usulan-dtks"],
     None),
    ("LKS Panti Jompo Harapan Bunda", ProviderKind.LKS, ["rehsos", "pangan"], None),
]
FIRST = ["Rahmah", "Zulfikar", "Nurul", "Syahrul", "Cut Mala", "Teuku Rizal", "Fitri", "Munawar", "Safrida", "Irwan"]


class Command(BaseCommand):
    help = "Isi data demo SLRT: penyedia layanan, petugas pilar dan wilayah tugasnya, contoh layanan dan pengaduan."

    def add_arguments(self, parser):
        parser.add_argument("--area", default="11.06")
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args, area: str, seed: int, **options):
        if settings.PRODUCTION:
            raise CommandError("Data demo tidak dibuat dalam mode production.")
        regency = Area.objects.filter(code=area, level=Level.REGENCY).first()
        if regency is None:
            raise CommandError(f"Kabupaten/kota {area} belum dimuat.")
        if ServiceProvider.objects.filter(area=regency).exists():
            self.stdout.write("Data demo SLRT sudah ada.")
            return
        rng = random.Random(seed)
        users = {u.username: u for u in get_user_model().objects.filter(
            username__in=["slrt", "tksk", "pendamping.pkh", "psm", "disdukcapil", "supervisor"])}
        name = regency.name.title() if regency.name.isupper() else regency.name
        providers = []
        for pattern, kind, codes, account in PROVIDERS:
            provider = ServiceProvider.objects.create(
                name=pattern.format(regency=name), kind=kind, area=regency, contact_person=rng.choice(FIRST),
                phone=f"0651{rng.randrange(100000, 999999)}")
            provider.services.set(ServiceType.objects.filter(code__in=codes))
            if account and account in users:
                provider.staff.add(users[account])
            providers.append(provider)
        self._workers(regency, users, rng)
        self._cases(regency, users, providers, rng)
        self._field_work(regency, users, rng)
        self.stdout.write(f"Data demo SLRT dan pilar: {len(providers)} penyedia layanan, petugas pilar, layanan, "
                          "kunjungan, musyawarah, bimtek, penyerahan bantuan.")

    def _workers(self, regency, users, rng):
        sk_start = dt.date(timezone.localdate().year, 1, 2)
        sk_end = dt.date(timezone.localdate().year, 12, 31)
        for username, pillar_type in [("tksk", PillarType.TKSK), ("pendamping.pkh", PillarType.PKH_FACILITATOR),
                                      ("psm", PillarType.PSM)]:
            user = users.get(username)
            if user is None:
                continue
            worker = PillarWorker.objects.create(
                name=user.first_name or username, pillar_type=pillar_type, user=user, home_area=regency,
                sk_number=f"{rng.randrange(400, 480)}/{rng.randrange(100, 999)}/SK/{sk_start.year}",
                sk_start=sk_start, sk_end=sk_end, phone=f"0812{rng.randrange(10000000, 99999999)}")
            for assignment in user.assignments.filter(active=True).select_related("area"):
                WorkArea.objects.create(worker=worker, area=assignment.area)
        # Unlinked workers across the kabupaten: most kecamatan get a TKSK, about half the desa a PSM.
        for district in Area.objects.filter(parent=regency).order_by("code"):
            if rng.random() < 0.85:
                worker = PillarWorker.objects.create(name=f"{rng.choice(FIRST)} (TKSK {district.name.title()})",
                                                     pillar_type=PillarType.TKSK, home_area=regency,
                                                     sk_start=sk_start, sk_end=sk_end)
                WorkArea.objects.create(worker=worker, area=district)
            for village in Area.objects.filter(parent=district).order_by("code"):
                if rng.random() < 0.5:
                    worker = PillarWorker.objects.create(name=f"{rng.choice(FIRST)} (PSM {village.name.title()})",
                                                         pillar_type=PillarType.PSM, home_area=regency,
                                                         sk_start=sk_start, sk_end=sk_end)
                    WorkArea.objects.create(worker=worker, area=village)

    def _cases(self, regency, users, providers, rng):
        desk = users.get("slrt")
        officer = users.get("disdukcapil")
        # Most demo residents live where the demo pillar accounts work, so their follow-up tasks reach them.
        heads = list(Person.objects.filter(household__desa__parent__parent=regency, relation="1")
                     .values_list("pk", "household__desa__parent_id").order_by("pk"))
        tksk = users.get("tksk")
        home = tksk.assignments.values_list("area_id", flat=True).first() if tksk else None
        near = [pk for pk, district in heads if district == home]
        far = [pk for pk, district in heads if district != home]
        chosen = rng.sample(near, min(16, len(near))) + rng.sample(far, min(8, len(far)))
        people = list(Person.objects.filter(pk__in=chosen).select_related("household").order_by("pk"))
        if not people or desk is None:
            return
        disdukcapil = providers[0]
        complaints = [
            (["adminduk", "kesehatan"], ["24"], "KTP-el hilang; tidak bisa mendaftar PBI-JK."),
            (["kesehatan"], ["09"], "Anak disabilitas butuh kursi roda dan berobat rutin."),
            (["pendidikan"], ["02"], "Anak putus sekolah karena biaya."),
            (["perumahan"], ["24"], "Rumah bocor, dinding bambu lapuk."),
            (["pangan", "rehabilitasi"], ["08"], "Lansia tinggal sendiri, tidak ada yang merawat."),
            (["bansos"], ["24"], "Belum terdaftar DTKS walau tidak punya penghasilan tetap."),
        ]
        service_by_need = {"adminduk": "ktp-kk", "kesehatan": "pbi-jk", "pendidikan": "pendidikan",
                           "perumahan": "rtlh", "pangan": "pangan", "bansos": "usulan-dtks"}
        handled = 0
        for index, person in enumerate(rng.sample(people, min(24, len(people)))):
            needs, ppks, complaint = complaints[index % len(complaints)]
            case = operations.open_case(actor=desk, person=person, complaint=complaint, needs=needs, ppks=ppks)
            back = timezone.now() - dt.timedelta(days=rng.randrange(1, 60))
            Case.objects.filter(pk=case.pk).update(opened_at=back)
            if index % 4 == 3:
                continue  # waiting for assessment
            case = operations.assess_case(actor=desk, case=case, assessment="Kunjungan rumah dan wawancara.",
                                          decision="Dirujuk sesuai kebutuhan.", plan="Pantau 2 minggu.")
            service = ServiceType.objects.get(code=service_by_need[needs[0]])
            provider = next(p for p in providers if p.services.filter(pk=service.pk).exists())
            referral = operations.refer(actor=desk, case=case, provider=provider, service=service,
                                        reason=complaint)
            if provider == disdukcapil and officer is not None:
                # The officer's inbox shows every state: done first, then waiting, accepted, in progress.
                path = [[State.ACCEPTED, State.COMPLETED], [], [State.ACCEPTED],
                        [State.ACCEPTED, State.IN_PROGRESS]][handled % 4]
                handled += 1
                for state in path:
                    operations.transition(actor=officer, referral=referral, to_state=state,
                                          note="Dilayani di kantor Disdukcapil.")
            if index % 3 == 1:
                operations.request_follow_up(actor=desk, case=case, title="Kunjungan rumah: cek kondisi warga",
                                             due_date=timezone.localdate() + dt.timedelta(days=7))
            if index % 5 == 0:  # some are late, for the escalation and the overdue views
                referral.__class__.objects.filter(pk=referral.pk).update(
                    created_at=back, due_at=back + dt.timedelta(days=service.sla_days))
        operations.escalate_overdue()
        villages = list(Area.objects.filter(parent__parent=regency, level=Level.VILLAGE).order_by("code")[:50])
        for category, text in [("tidak-menerima", "Keluarga kami miskin tetapi tidak pernah menerima bantuan."),
                               ("salah-sasaran", "Tetangga punya mobil tetapi menerima PKH."),
                               ("data-salah", "Tanggal lahir ibu saya salah di data."),
                               ("layanan", "Antrian di kantor desa terlalu lama.")]:
            operations.submit_grievance(actor=None, category=category, description=text, area=rng.choice(villages))

    def _field_work(self, regency, users, rng):
        """A verification round in the demo pillars' desa, a joint visit, a village meeting waiting for approval,
        a training with attendance, and an aid hand-over: each page of the pillars' work has something to show."""
        from sinergi.pillars import meetings, verification, visits
        from sinergi.pillars.coverage import workers_covering

        psm_user = users.get("psm")
        psm = PillarWorker.objects.filter(user=psm_user).first() if psm_user else None
        if psm is None:
            return
        desa = psm.work_areas.select_related("area__parent").first().area
        today = timezone.localdate()
        verification.start_round(actor=None, title=f"Pemutakhiran DTKS {today.year} tahap II",
                                 desa_codes=[desa.code], due_date=today + dt.timedelta(days=21),
                                 source=f"round:demo:{today.year}")
        households = list(Household.objects.filter(desa=desa).order_by("pk")[:6])
        covering = list(workers_covering(desa))
        for household in households[:3]:
            visits.log_visit(actor=None, household=household, purpose="pendampingan", visited_on=today,
                             findings="Atap dapur bocor; anak bungsu belum punya akta kelahiran.",
                             follow_up="Usulkan RTLH; rujuk akta ke Disdukcapil lewat SLRT.", workers=covering[:2])
        musdes = meetings.create_meeting(actor=psm_user, kind="musdes", title=f"Musyawarah desa {desa.name.title()}",
                                         area=desa, held_on=today, place="Meunasah gampong",
                                         agenda="Pemutakhiran DTKS: usulan baru, hapus dan perbaikan.")
        meetings.invite_covering_workers(actor=psm_user, meeting=musdes)
        meetings.add_participant(actor=psm_user, meeting=musdes, name="Keuchik " + desa.name.title(),
                                 role="kepala-desa", attended=True)
        for household, decision in zip(households[3:6], ["tambah", "hapus", "perbaiki"], strict=False):
            meetings.discuss_household(actor=psm_user, meeting=musdes, household=household, decision=decision,
                                       reason="Hasil verifikasi lapangan dan kesepakatan warga.")
        meetings.add_action(actor=psm_user, meeting=musdes, description="Serahkan berita acara ke Dinas Sosial",
                            owner=psm, due_date=today + dt.timedelta(days=7))
        if musdes.households.exists():  # a tiny demo desa may have nothing to decide yet
            meetings.submit_for_approval(actor=psm_user, meeting=musdes)
        bimtek = meetings.create_meeting(actor=None, kind="bimtek", title="Bimtek verivali DTKS", area=regency,
                                         held_on=today - dt.timedelta(days=10), place="Aula Dinas Sosial")
        meetings.invite_covering_workers(actor=None, meeting=bimtek)
        participants = list(bimtek.participants.values_list("pk", flat=True))
        meetings.set_attendance(actor=None, meeting=bimtek,
                                present_ids={pk for pk in participants if rng.random() < 0.85})
        handover = visits.create_handover(actor=None, title="Penyerahan bantuan ATENSI", area=desa.parent,
                                          held_on=today - dt.timedelta(days=3), place="Kantor camat",
                                          source="Kementerian Sosial (ATENSI)")
        elders = Person.objects.filter(household__desa__parent=desa.parent, status="aktif",
                                       birth_date__lt=dt.date(today.year - 65, 1, 1)).order_by("pk")[:10]
        for person in elders:
            visits.add_recipient(actor=None, handover=handover, person=person, group="lansia",
                                 item="Paket permakanan")
