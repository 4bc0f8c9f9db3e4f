"""Render a fictitious citizen with Faker (id_ID) from a seed: same seed, same citizen."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date

from faker import Faker
from faker.providers import BaseProvider

from .scenario_schema import Scenario

# Kota Malang is 35.73; its five kecamatan are 01..05 in the Dukcapil coding.
_PROVINCE_CITY = "3573"


class IndonesianIdProvider(BaseProvider):
    """NIK-like numbers and 08xx mobile numbers (Faker id_ID has neither in a usable form)."""

    def nik(
        self, gender: str = "laki-laki", city_code: str = _PROVINCE_CITY, born: date | None = None
    ) -> str:
        """Return a 16-digit NIK-shaped number: region, birth date (+40 for women), serial."""
        born = born or self.generator.date_of_birth(minimum_age=18, maximum_age=80)
        day = born.day + (40 if gender == "perempuan" else 0)
        district = self.random_int(1, 5)
        serial = self.random_int(1, 9999)
        return f"{city_code}{district:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"

    def mobile_number(self) -> str:
        """Return an Indonesian mobile number formatted 08xx-xxxx-xxxx."""
        prefix = self.random_element(("0812", "0813", "0821", "0822", "0852", "0853", "0857", "0878", "0896"))
        return f"{prefix}-{self.numerify('####')}-{self.numerify('####')}"


@dataclass(frozen=True)
class Citizen:
    """The rendered identity of one attempt's citizen (fictitious, for training only)."""

    name: str
    first_name: str
    honorific: str
    address: str
    kelurahan: str
    city: str
    phone: str
    nik: str
    ticket: str
    handle: str
    caller_line: str
    admin_term: str = "Pak"  # how this citizen addresses the admin ("Nak", "Min", "Kak", "Pak", "Bu")

    def as_dict(self) -> dict[str, str]:
        """Return the fields as placeholders for scenario texts."""
        return dict(vars(self))  # every field is a string: no deep copy (asdict) needed


_AGE_RANGES = {"18-25": (18, 25), "26-40": (26, 40), "41-60": (41, 60), "60+": (61, 80)}


_local = threading.local()


def _faker(seed: int) -> Faker:
    """Return this thread's Faker, reseeded (building one costs ~2 ms; reseeding gives the same data)."""
    fake: Faker | None = getattr(_local, "faker", None)
    if fake is None:
        fake = Faker("id_ID")
        fake.add_provider(IndonesianIdProvider)
        _local.faker = fake
    fake.seed_instance(seed)
    return fake


def render_citizen(scenario: Scenario, seed: int) -> Citizen:
    """Render the scenario's citizen deterministically from `seed`."""
    fake = _faker(seed)
    persona = scenario.citizen.persona
    female = persona.gender == "perempuan"
    first = fake.first_name_female() if female else fake.first_name_male()
    last = fake.last_name_female() if female else fake.last_name_male()
    name = f"{first} {last}" if last != first else first
    low, high = _AGE_RANGES[persona.age_band]
    born = fake.date_of_birth(minimum_age=low, maximum_age=high)
    street = fake.street_name()
    rt, rw = fake.random_int(1, 12), fake.random_int(1, 9)
    address = (
        f"{street} No. {fake.random_int(1, 150)}, RT {rt:02d}/RW {rw:02d}, Kel. {scenario.citizen.kelurahan}"
    )
    context = scenario.opening.context
    if scenario.channel == "lapor":
        ticket = fake.numerify("#######")
    else:
        ticket = (context.ticket_prefix or "ADU-") + fake.numerify("####")
    handle = (
        "@"
        + re.sub(r"[^a-z0-9]", "", first.lower())
        + "_"
        + fake.random_element(("mlg", "malang", "arema", "ngalam"))
        + fake.numerify("##")
    )
    return Citizen(
        name=name,
        first_name=first,
        honorific="Ibu" if female else "Bapak",
        address=address,
        kelurahan=scenario.citizen.kelurahan,
        city=scenario.citizen.city,
        phone=fake.mobile_number(),
        nik=fake.nik(gender=persona.gender, born=born),
        ticket=ticket,
        handle=handle,
        caller_line=context.line or "Call Center 112",
        admin_term=admin_term(scenario, seed),
    )


def admin_term(scenario: Scenario, seed: int) -> str:
    """Return how the persona addresses the admin: one word, never a "Bapak/Ibu" slash form."""
    persona = scenario.citizen.persona
    if persona.age_band == "60+" or "elderly" in persona.traits:
        return "Nak"
    if scenario.channel == "social":
        return "Min"
    if persona.age_band == "18-25":
        return "Kak"
    return "Pak" if seed % 2 == 0 else "Bu"


def fill(text: str, citizen: Citizen) -> str:
    """Replace {placeholders} in a scenario text with the citizen's fields."""
    return text.format_map(citizen.as_dict())
