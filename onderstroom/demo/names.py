"""Generated names for demo and benchmark data: never real people, always plausible.

A Dutch classroom holds children of many backgrounds, so names come in pools per
background, each with a weight that roughly follows Dutch primary schools. Surnames are
written as spoken ("van der Meer") and split into prefix and surname when used.
"""

import random
from dataclasses import dataclass

# Longest first, so "van der" wins over "van".
SURNAME_PREFIXES = (
    "van der",
    "van den",
    "van de",
    "van 't",
    "in 't",
    "op den",
    "van",
    "den",
    "ter",
    "ten",
    "de",
)


@dataclass(frozen=True)
class Background:
    key: str
    weight: int
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    surnames: tuple[str, ...]


def listed(text: str) -> tuple[str, ...]:
    """Names written as one comma-separated text, which keeps long pools readable."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


BACKGROUNDS = (
    Background(
        key="dutch",
        weight=55,
        girls=listed(
            "Emma, Julia, Tess, Sophie, Mila, Sara, Zoë, Evi, Lotte, Fenna, Noor, Lieke, Saar, "
            "Roos, Fleur, Isa, Nina, Anna, Eva, Liv, Femke, Maud, Jasmijn, Noëlle, Chloë, Anaïs, "
            "Floor, Hanna, Lina, Yara"
        ),
        boys=listed(
            "Daan, Sem, Lucas, Finn, Levi, Luuk, Milan, Bram, Thijs, Jesse, Noah, Liam, Sven, "
            "Ruben, Jens, Stijn, Teun, Gijs, Tijn, Hugo, Daniël, Joël, Michaël, Raphaël, Niels, "
            "Olivier, Floris, Siem, Mees, Ties"
        ),
        surnames=listed(
            "Bakker, Visser, Smit, Meijer, Mulder, Bos, Vos, Peters, Hendriks, Dekker, Brouwer, "
            "Dijkstra, Kok, Jansen, Janssen, Verhoeven, Postma, Hoekstra, Koster, Prins, Huisman, "
            "Kuipers, de Jong, de Vries, van Dijk, van den Berg, van der Meer, van der Linden, "
            "van Leeuwen, de Boer, de Groot, van den Broek, van der Heijden, ter Horst, ter Haar, "
            "in 't Veld, van 't Hof, van 't Zand, de Wit, van Beek, van Vliet, van de Ven, "
            "den Hartog, van der Wal, op den Kamp, ten Cate, de Haan, van Wijk"
        ),
    ),
    Background(
        key="moroccan",
        weight=10,
        girls=listed("Amira, Yasmina, Imane, Salma, Nour, Ikram, Hiba, Malak, Aya, Rania"),
        boys=listed("Mohammed, Adam, Yassin, Ilyas, Soufiane, Ayoub, Zakaria, Bilal, Rayan, Hamza"),
        surnames=listed("El Amrani, Bouzid, Benali, El Idrissi, Ouali, Aït Taleb, Boukhari, Ziani"),
    ),
    Background(
        key="turkish",
        weight=9,
        girls=listed("Elif, Zeynep, Ecem, Ayşe, Büşra, Defne, Eylül, Meryem, Çağla"),
        boys=listed("Emir, Yusuf, Ömer, Mehmet, Kerem, Eren, Çınar, Burak, Arda"),  # noqa: RUF001 - Turkish dotless i
        surnames=listed(
            "Yılmaz, Kaya, Demir, Şahin, Çelik, Öztürk, Aydın, Doğan, Kılıç, Arslan"  # noqa: RUF001 - Turkish dotless i
        ),
    ),
    Background(
        key="caribbean",
        weight=7,
        girls=listed("Shanice, Priya, Anjali, Kimberley, Naomi, Jaylinn, Sharda, Giselle"),
        boys=listed("Jayden, Quincy, Dinesh, Rohan, Jeremiah, Xavi, D'Angelo, Jurgen"),
        surnames=listed("Ramdin, Sewdien, Jagesar, Pinas, Martina, Rosalia, Tjon A Fong, Doelwijt"),
    ),
    Background(
        key="eastern_european",
        weight=5,
        girls=listed("Zofia, Wiktoria, Oliwia, Maja, Anastasia, Sofiia, Daria"),
        boys=listed("Jakub, Kacper, Szymon, Mateusz, Oleksandr, Bohdan, Matvii"),
        surnames=listed("Nowak, Kowalczyk, Wójcik, Shevchenko, Bondarenko, Kovalenko, Popescu"),
    ),
    Background(
        key="middle_east_horn_of_africa",
        weight=6,
        girls=listed("Rahaf, Sidra, Senait, Hayat, Ayaan, Lujain, Hanan"),
        boys=listed("Omar, Yonas, Abdi, Ahmad, Kidane, Tarek, Mustafa"),
        surnames=listed("Al-Hassan, Haddad, Tesfaye, Ghebremedhin, Mohamud, Abdullahi, Alsayed"),
    ),
    Background(
        key="elsewhere",
        weight=8,
        girls=listed("Mei, Linh, Inès, Chiara, Ana, Ama, Siobhán, Lucía"),
        boys=listed("Minh, Wei, Kofi, Kwame, Mateo, Santiago, Luca, Seán"),
        surnames=listed(
            "O'Brien, N'Diaye, Nguyen, Tran, Chen, Mensah, Boateng, Rodríguez, García, Müller, "
            "Ferreira, D'Souza"
        ),
    ),
)

# Staff are adults: their first names are of an older generation.
ADULT_WOMEN = listed(
    "Ingrid, Marieke, Sanne, Lotte, Esra, Fatima, Joyce, Anouk, Wendy, Petra, Linda, Saskia, Kim, Nadia,"
    "Hatice, Renate, Mirjam, Yvonne, Priscilla, Ilse"
)
ADULT_MEN = listed(
    "Bram, Kees, Dirk, Tom, Henk, Mehmet, Jeroen, Mark, Rachid, Erik, Pieter, Martijn, Hans, Sander,"
    "Youssef, Ronald, Jasper, Wouter, Marco, Rik"
)


def split_surname(full: str) -> tuple[str, str]:
    """("van der", "Meer") from "van der Meer"; ("", "Bakker") when there is no prefix."""
    for prefix in SURNAME_PREFIXES:
        if full.startswith(prefix + " "):
            return prefix, full[len(prefix) + 1 :]
    return "", full


@dataclass(frozen=True)
class PersonName:
    first_name: str
    surname_prefix: str
    surname: str

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.surname_prefix, self.surname) if part)


class NamePicker:
    """Draws names from the pools with a seeded generator, so a seed always gives the same people."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.weights = [b.weight for b in BACKGROUNDS]

    def background(self) -> Background:
        return self.rng.choices(BACKGROUNDS, weights=self.weights)[0]

    def child(self, gender: str) -> PersonName:
        """A child's name; now and then the first name comes from another background than the surname."""
        family = self.background()
        given = family if self.rng.random() < 0.85 else self.background()
        pool = {"f": given.girls, "m": given.boys}.get(gender) or given.girls + given.boys
        prefix, surname = split_surname(self.rng.choice(family.surnames))
        return PersonName(self.rng.choice(pool), prefix, surname)

    def adult(self, gender: str) -> PersonName:
        pool = ADULT_WOMEN if gender == "f" else ADULT_MEN
        prefix, surname = split_surname(self.rng.choice(self.background().surnames))
        return PersonName(self.rng.choice(pool), prefix, surname)
