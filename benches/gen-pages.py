#!/usr/bin/env python3
"""Writes plain-text pages of the "bilateral relations" genre for
benches/extract.sh: the input `dipkg extract` reads.

Each page is a title line and about eight paragraphs (one a line, a blank line
between them), about 3 KB of UTF-8, in one of English, Russian, Turkish or
Kyrgyz (Cyrillic), the four in equal shares (each block of four pages holds
one of each, in a shuffled order). The sentences come from templates of each
language (dated facts, sentences holding two dated facts, sentences without a
date), filled with a page's two states, their cities, people with initials and
an office, ordinals, titles of documents, and dates from 1991 to 2024 written
as the genre writes them in that language. All templates and names are made up
for this benchmark.

Deterministic: page i depends only on the seed and i, so the first pages of a
run of 20 are the first pages of a run of 1,000.

usage: benches/gen-pages.py [N] OUTDIR [--seed S]   (N default 1000, S default 1)
writes OUTDIR/page-00001-en.txt …; prints the number of files and bytes to stderr
Python 3, standard library only.
"""

import argparse
import calendar
import os
import random
import sys

LANGS = ("en", "ru", "tr", "ky")

# ---------------------------------------------------------------------------
# Names. States: en (short, formal); ru (nom, gen, dat, ins, prep, acc);
# tr (nom, gen, dat, loc); ky (nom, gen, dat, loc, loc+ГЫ); their cities.
STATES = {
    "kazakhstan": dict(
        en=("Kazakhstan", "the Republic of Kazakhstan"),
        ru=("Казахстан", "Казахстана", "Казахстану", "Казахстаном", "Казахстане", "Казахстан"),
        tr=("Kazakistan", "Kazakistan'ın", "Kazakistan'a", "Kazakistan'da"),
        ky=("Казакстан", "Казакстандын", "Казакстанга", "Казакстанда", "Казакстандагы"),
        cities=("astana", "almaty", "shymkent"),
    ),
    "kyrgyzstan": dict(
        en=("Kyrgyzstan", "the Kyrgyz Republic"),
        ru=("Кыргызстан", "Кыргызстана", "Кыргызстану", "Кыргызстаном", "Кыргызстане", "Кыргызстан"),
        tr=("Kırgızistan", "Kırgızistan'ın", "Kırgızistan'a", "Kırgızistan'da"),
        ky=("Кыргызстан", "Кыргызстандын", "Кыргызстанга", "Кыргызстанда", "Кыргызстандагы"),
        cities=("bishkek", "osh", "karakol"),
    ),
    "uzbekistan": dict(
        en=("Uzbekistan", "the Republic of Uzbekistan"),
        ru=("Узбекистан", "Узбекистана", "Узбекистану", "Узбекистаном", "Узбекистане", "Узбекистан"),
        tr=("Özbekistan", "Özbekistan'ın", "Özbekistan'a", "Özbekistan'da"),
        ky=("Өзбекстан", "Өзбекстандын", "Өзбекстанга", "Өзбекстанда", "Өзбекстандагы"),
        cities=("tashkent", "samarkand", "bukhara"),
    ),
    "tajikistan": dict(
        en=("Tajikistan", "the Republic of Tajikistan"),
        ru=("Таджикистан", "Таджикистана", "Таджикистану", "Таджикистаном", "Таджикистане", "Таджикистан"),
        tr=("Tacikistan", "Tacikistan'ın", "Tacikistan'a", "Tacikistan'da"),
        ky=("Тажикстан", "Тажикстандын", "Тажикстанга", "Тажикстанда", "Тажикстандагы"),
        cities=("dushanbe", "khujand"),
    ),
    "turkmenistan": dict(
        en=("Turkmenistan", "Turkmenistan"),
        ru=("Туркменистан", "Туркменистана", "Туркменистану", "Туркменистаном", "Туркменистане", "Туркменистан"),
        tr=("Türkmenistan", "Türkmenistan'ın", "Türkmenistan'a", "Türkmenistan'da"),
        ky=("Түркмөнстан", "Түркмөнстандын", "Түркмөнстанга", "Түркмөнстанда", "Түркмөнстандагы"),
        cities=("ashgabat", "turkmenbashi"),
    ),
    "azerbaijan": dict(
        en=("Azerbaijan", "the Republic of Azerbaijan"),
        ru=("Азербайджан", "Азербайджана", "Азербайджану", "Азербайджаном", "Азербайджане", "Азербайджан"),
        tr=("Azerbaycan", "Azerbaycan'ın", "Azerbaycan'a", "Azerbaycan'da"),
        ky=("Азербайжан", "Азербайжандын", "Азербайжанга", "Азербайжанда", "Азербайжандагы"),
        cities=("baku", "ganja"),
    ),
    "turkey": dict(
        en=("Türkiye", "the Republic of Türkiye"),
        ru=("Турция", "Турции", "Турции", "Турцией", "Турции", "Турцию"),
        tr=("Türkiye", "Türkiye'nin", "Türkiye'ye", "Türkiye'de"),
        ky=("Түркия", "Түркиянын", "Түркияга", "Түркияда", "Түркиядагы"),
        cities=("ankara", "istanbul", "izmir", "antalya"),
    ),
    "georgia": dict(
        en=("Georgia", "Georgia"),
        ru=("Грузия", "Грузии", "Грузии", "Грузией", "Грузии", "Грузию"),
        tr=("Gürcistan", "Gürcistan'ın", "Gürcistan'a", "Gürcistan'da"),
        ky=("Грузия", "Грузиянын", "Грузияга", "Грузияда", "Грузиядагы"),
        cities=("tbilisi", "batumi"),
    ),
    "mongolia": dict(
        en=("Mongolia", "Mongolia"),
        ru=("Монголия", "Монголии", "Монголии", "Монголией", "Монголии", "Монголию"),
        tr=("Moğolistan", "Moğolistan'ın", "Moğolistan'a", "Moğolistan'da"),
        ky=("Монголия", "Монголиянын", "Монголияга", "Монголияда", "Монголиядагы"),
        cities=("ulaanbaatar", "darkhan"),
    ),
    "hungary": dict(
        en=("Hungary", "Hungary"),
        ru=("Венгрия", "Венгрии", "Венгрии", "Венгрией", "Венгрии", "Венгрию"),
        tr=("Macaristan", "Macaristan'ın", "Macaristan'a", "Macaristan'da"),
        ky=("Венгрия", "Венгриянын", "Венгрияга", "Венгрияда", "Венгриядагы"),
        cities=("budapest", "debrecen"),
    ),
    "poland": dict(
        en=("Poland", "the Republic of Poland"),
        ru=("Польша", "Польши", "Польше", "Польшей", "Польше", "Польшу"),
        tr=("Polonya", "Polonya'nın", "Polonya'ya", "Polonya'da"),
        ky=("Польша", "Польшанын", "Польшага", "Польшада", "Польшадагы"),
        cities=("warsaw", "krakow"),
    ),
    "germany": dict(
        en=("Germany", "the Federal Republic of Germany"),
        ru=("Германия", "Германии", "Германии", "Германией", "Германии", "Германию"),
        tr=("Almanya", "Almanya'nın", "Almanya'ya", "Almanya'da"),
        ky=("Германия", "Германиянын", "Германияга", "Германияда", "Германиядагы"),
        cities=("berlin", "frankfurt", "munich"),
    ),
    "japan": dict(
        en=("Japan", "Japan"),
        ru=("Япония", "Японии", "Японии", "Японией", "Японии", "Японию"),
        tr=("Japonya", "Japonya'nın", "Japonya'ya", "Japonya'da"),
        ky=("Жапония", "Жапониянын", "Жапонияга", "Жапонияда", "Жапониядагы"),
        cities=("tokyo", "osaka"),
    ),
    "china": dict(
        en=("China", "the People's Republic of China"),
        ru=("Китай", "Китая", "Китаю", "Китаем", "Китае", "Китай"),
        tr=("Çin", "Çin'in", "Çin'e", "Çin'de"),
        ky=("Кытай", "Кытайдын", "Кытайга", "Кытайда", "Кытайдагы"),
        cities=("beijing", "shanghai"),
    ),
    "belarus": dict(
        en=("Belarus", "the Republic of Belarus"),
        ru=("Беларусь", "Беларуси", "Беларуси", "Беларусью", "Беларуси", "Беларусь"),
        tr=("Belarus", "Belarus'un", "Belarus'a", "Belarus'ta"),
        ky=("Беларусь", "Беларустун", "Беларуска", "Беларуста", "Беларустагы"),
        cities=("minsk", "brest"),
    ),
}

# Cities: en; ru (nom, prep, acc); tr (nom, loc, dat); ky (nom, loc, dat, loc+ГЫ).
CITIES = {
    "astana": ("Astana", ("Астана", "Астане", "Астану"), ("Astana", "Astana'da", "Astana'ya"), ("Астана", "Астанада", "Астанага", "Астанадагы")),
    "almaty": ("Almaty", ("Алматы", "Алматы", "Алматы"), ("Almatı", "Almatı'da", "Almatı'ya"), ("Алматы", "Алматыда", "Алматыга", "Алматыдагы")),
    "shymkent": ("Shymkent", ("Шымкент", "Шымкенте", "Шымкент"), ("Çimkent", "Çimkent'te", "Çimkent'e"), ("Шымкент", "Шымкентте", "Шымкентке", "Шымкенттеги")),
    "bishkek": ("Bishkek", ("Бишкек", "Бишкеке", "Бишкек"), ("Bişkek", "Bişkek'te", "Bişkek'e"), ("Бишкек", "Бишкекте", "Бишкекке", "Бишкектеги")),
    "osh": ("Osh", ("Ош", "Оше", "Ош"), ("Oş", "Oş'ta", "Oş'a"), ("Ош", "Ошто", "Ошко", "Оштогу")),
    "karakol": ("Karakol", ("Каракол", "Караколе", "Каракол"), ("Karakol", "Karakol'da", "Karakol'a"), ("Каракол", "Караколдо", "Караколго", "Караколдогу")),
    "tashkent": ("Tashkent", ("Ташкент", "Ташкенте", "Ташкент"), ("Taşkent", "Taşkent'te", "Taşkent'e"), ("Ташкент", "Ташкентте", "Ташкентке", "Ташкенттеги")),
    "samarkand": ("Samarkand", ("Самарканд", "Самарканде", "Самарканд"), ("Semerkant", "Semerkant'ta", "Semerkant'a"), ("Самарканд", "Самаркандда", "Самаркандга", "Самарканддагы")),
    "bukhara": ("Bukhara", ("Бухара", "Бухаре", "Бухару"), ("Buhara", "Buhara'da", "Buhara'ya"), ("Бухара", "Бухарада", "Бухарага", "Бухарадагы")),
    "dushanbe": ("Dushanbe", ("Душанбе", "Душанбе", "Душанбе"), ("Duşanbe", "Duşanbe'de", "Duşanbe'ye"), ("Душанбе", "Душанбеде", "Душанбеге", "Душанбедеги")),
    "khujand": ("Khujand", ("Худжанд", "Худжанде", "Худжанд"), ("Hucend", "Hucend'de", "Hucend'e"), ("Кожент", "Кожентте", "Кожентке", "Кожентеги")),
    "ashgabat": ("Ashgabat", ("Ашхабад", "Ашхабаде", "Ашхабад"), ("Aşkabat", "Aşkabat'ta", "Aşkabat'a"), ("Ашхабад", "Ашхабадда", "Ашхабадга", "Ашхабаддагы")),
    "turkmenbashi": ("Turkmenbashi", ("Туркменбаши", "Туркменбаши", "Туркменбаши"), ("Türkmenbaşı", "Türkmenbaşı'nda", "Türkmenbaşı'na"), ("Түркмөнбашы", "Түркмөнбашыда", "Түркмөнбашыга", "Түркмөнбашыдагы")),
    "baku": ("Baku", ("Баку", "Баку", "Баку"), ("Bakü", "Bakü'de", "Bakü'ye"), ("Баку", "Бакуда", "Бакуга", "Бакудагы")),
    "ganja": ("Ganja", ("Гянджа", "Гяндже", "Гянджу"), ("Gence", "Gence'de", "Gence'ye"), ("Гянжа", "Гянжада", "Гянжага", "Гянжадагы")),
    "ankara": ("Ankara", ("Анкара", "Анкаре", "Анкару"), ("Ankara", "Ankara'da", "Ankara'ya"), ("Анкара", "Анкарада", "Анкарага", "Анкарадагы")),
    "istanbul": ("Istanbul", ("Стамбул", "Стамбуле", "Стамбул"), ("İstanbul", "İstanbul'da", "İstanbul'a"), ("Стамбул", "Стамбулда", "Стамбулга", "Стамбулдагы")),
    "izmir": ("Izmir", ("Измир", "Измире", "Измир"), ("İzmir", "İzmir'de", "İzmir'e"), ("Измир", "Измирде", "Измирге", "Измирдеги")),
    "antalya": ("Antalya", ("Анталья", "Анталье", "Анталью"), ("Antalya", "Antalya'da", "Antalya'ya"), ("Анталья", "Антальяда", "Антальяга", "Антальядагы")),
    "tbilisi": ("Tbilisi", ("Тбилиси", "Тбилиси", "Тбилиси"), ("Tiflis", "Tiflis'te", "Tiflis'e"), ("Тбилиси", "Тбилисиде", "Тбилисиге", "Тбилисидеги")),
    "batumi": ("Batumi", ("Батуми", "Батуми", "Батуми"), ("Batum", "Batum'da", "Batum'a"), ("Батуми", "Батумиде", "Батумиге", "Батумидеги")),
    "ulaanbaatar": ("Ulaanbaatar", ("Улан-Батор", "Улан-Баторе", "Улан-Батор"), ("Ulan Batur", "Ulan Batur'da", "Ulan Batur'a"), ("Улан-Батор", "Улан-Батордо", "Улан-Баторго", "Улан-Батордогу")),
    "darkhan": ("Darkhan", ("Дархан", "Дархане", "Дархан"), ("Darhan", "Darhan'da", "Darhan'a"), ("Дархан", "Дарханда", "Дарханга", "Дархандагы")),
    "budapest": ("Budapest", ("Будапешт", "Будапеште", "Будапешт"), ("Budapeşte", "Budapeşte'de", "Budapeşte'ye"), ("Будапешт", "Будапештте", "Будапештке", "Будапешттеги")),
    "debrecen": ("Debrecen", ("Дебрецен", "Дебрецене", "Дебрецен"), ("Debrecen", "Debrecen'de", "Debrecen'e"), ("Дебрецен", "Дебреценде", "Дебреценге", "Дебрецендеги")),
    "warsaw": ("Warsaw", ("Варшава", "Варшаве", "Варшаву"), ("Varşova", "Varşova'da", "Varşova'ya"), ("Варшава", "Варшавада", "Варшавага", "Варшавадагы")),
    "krakow": ("Krakow", ("Краков", "Кракове", "Краков"), ("Krakov", "Krakov'da", "Krakov'a"), ("Краков", "Краковдо", "Краковго", "Краковдогу")),
    "berlin": ("Berlin", ("Берлин", "Берлине", "Берлин"), ("Berlin", "Berlin'de", "Berlin'e"), ("Берлин", "Берлинде", "Берлинге", "Берлиндеги")),
    "frankfurt": ("Frankfurt", ("Франкфурт", "Франкфурте", "Франкфурт"), ("Frankfurt", "Frankfurt'ta", "Frankfurt'a"), ("Франкфурт", "Франкфуртта", "Франкфуртка", "Франкфурттагы")),
    "munich": ("Munich", ("Мюнхен", "Мюнхене", "Мюнхен"), ("Münih", "Münih'te", "Münih'e"), ("Мюнхен", "Мюнхенде", "Мюнхенге", "Мюнхендеги")),
    "tokyo": ("Tokyo", ("Токио", "Токио", "Токио"), ("Tokyo", "Tokyo'da", "Tokyo'ya"), ("Токио", "Токиодо", "Токиого", "Токиодогу")),
    "osaka": ("Osaka", ("Осака", "Осаке", "Осаку"), ("Osaka", "Osaka'da", "Osaka'ya"), ("Осака", "Осакада", "Осакага", "Осакадагы")),
    "beijing": ("Beijing", ("Пекин", "Пекине", "Пекин"), ("Pekin", "Pekin'de", "Pekin'e"), ("Бээжин", "Бээжинде", "Бээжинге", "Бээжиндеги")),
    "shanghai": ("Shanghai", ("Шанхай", "Шанхае", "Шанхай"), ("Şanghay", "Şanghay'da", "Şanghay'a"), ("Шанхай", "Шанхайда", "Шанхайга", "Шанхайдагы")),
    "minsk": ("Minsk", ("Минск", "Минске", "Минск"), ("Minsk", "Minsk'te", "Minsk'e"), ("Минск", "Минскте", "Минскке", "Минсктеги")),
    "brest": ("Brest", ("Брест", "Бресте", "Брест"), ("Brest", "Brest'te", "Brest'e"), ("Брест", "Брестте", "Брестке", "Бресттеги")),
}

# Surnames are made up from three parts: (Latin, Turkish spelling, Cyrillic).
SURNAME_HEADS = [
    ("Ab", "Ab", "Аб"), ("Bak", "Bak", "Бак"), ("Dos", "Dos", "Дос"), ("Er", "Er", "Ер"),
    ("Zhan", "Can", "Жан"), ("Kar", "Kar", "Кар"), ("Mam", "Mam", "Мам"), ("Nur", "Nur", "Нур"),
    ("Ras", "Ras", "Рас"), ("Sar", "Sar", "Сар"), ("Tok", "Tok", "Ток"), ("Us", "Us", "Ус"),
    ("Kul", "Kul", "Кул"), ("Sul", "Sul", "Сул"), ("Tem", "Tem", "Тем"), ("Ald", "Ald", "Алд"),
    ("Bor", "Bor", "Бор"), ("Mur", "Mur", "Мур"), ("Ish", "İş", "Иш"), ("Kad", "Kad", "Кад"),
]
SURNAME_MIDS = [
    ("a", "a", "а"), ("y", "ı", "ы"), ("u", "u", "у"), ("e", "e", "е"), ("i", "i", "и"), ("o", "o", "о"),
]
SURNAME_TAILS = [
    ("tal", "tal", "тал"), ("mur", "mur", "мур"), ("zhan", "can", "жан"), ("ber", "ber", "бер"),
    ("kan", "kan", "кан"), ("lid", "lid", "лид"), ("shen", "şen", "шен"), ("dar", "dar", "дар"),
    ("sim", "sim", "сим"), ("gal", "gal", "гал"), ("bek", "bek", "бек"), ("naz", "naz", "наз"),
]
SURNAME_ENDS = [("ov", "ov", "ов"), ("ev", "ev", "ев"), ("in", "in", "ин"), ("bekov", "bekov", "беков")]
LATIN_INITIALS = "ABDEGKMNRSTU"
CYRILLIC_INITIALS = "АБДЕГКМНРСТУ"

ROLES = ("head", "pm", "fm", "speaker")

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    # genitive (12 марта) and prepositional (в марте)
    "ru_gen": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
               "сентября", "октября", "ноября", "декабря"],
    "ru_prep": ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
                "сентябре", "октябре", "ноябре", "декабре"],
    "tr": ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos",
           "Eylül", "Ekim", "Kasım", "Aralık"],
    # the locative suffix after a month's name (Şubat'ta)
    "tr_loc": ["ta", "ta", "ta", "da", "ta", "da", "da", "ta", "de", "de", "da", "ta"],
    # possessive + locative (декабрында)
    "ky": ["январында", "февралында", "мартында", "апрелинде", "майында", "июнунда", "июлунда",
           "августунда", "сентябрында", "октябрында", "ноябрында", "декабрында"],
}

ROMAN = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n):
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def en_ordinal(n):
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def tr_loc(n):
    """The locative suffix after a number as Turkish reads it aloud (1991'de, 1995'te, 2010'da)."""
    last = {1: "de", 2: "de", 3: "te", 4: "te", 5: "te", 6: "da", 7: "de", 8: "de", 9: "da"}
    tens = {1: "da", 2: "de", 3: "da", 4: "ta", 5: "de", 6: "ta", 7: "de", 8: "de", 9: "da"}
    if n % 10:
        return last[n % 10]
    if (n // 10) % 10:
        return tens[(n // 10) % 10]
    return "de"  # yüz, bin


def cap(s):
    return s[:1].upper() + s[1:]


# ---------------------------------------------------------------------------
# Dates: a day, a span of days, a month or a year, rendered as each language's
# adverbial ("on 12 March 1993", "в мае 1996 г.", "Mayıs 1995'te", "2001-жылы").


class Date:
    def __init__(self, kind, y, m=None, d=None, m2=None, d2=None):
        self.kind, self.y, self.m, self.d, self.m2, self.d2 = kind, y, m, d, m2, d2


def random_date(r, kind, since=1991):
    y = r.randint(since, 2024)
    m = r.randint(1, 12)
    last = calendar.monthrange(y, m)[1]
    if kind == "day":
        return Date("day", y, m, r.randint(1, last))
    if kind == "span":
        if m < 12 and r.random() < 0.12:
            d1 = last - r.randint(0, 1)
            return Date("span", y, m, d1, m + 1, r.randint(1, 2))
        length = r.randint(1, 3)
        d1 = r.randint(1, last - length)
        return Date("span", y, m, d1, m, d1 + length)
    if kind == "month":
        return Date("month", y, m)
    return Date("year", y)


def render(lang, r, dt):
    y, m = dt.y, (dt.m or 1) - 1
    if lang == "en":
        M = MONTHS["en"][m]
        if dt.kind == "day":
            return r.choice([f"on {dt.d} {M} {y}", f"on {dt.d} {M} {y}", f"on {M} {dt.d}, {y}",
                             f"on the {en_ordinal(dt.d)} of {M} {y}"])
        if dt.kind == "span":
            if dt.m2 != dt.m:
                M2 = MONTHS["en"][dt.m2 - 1]
                return r.choice([f"from {dt.d} {M} to {dt.d2} {M2} {y}", f"on {dt.d} {M} – {dt.d2} {M2} {y}"])
            return r.choice([f"on {dt.d}-{dt.d2} {M} {y}", f"on {M} {dt.d}-{dt.d2}, {y}",
                             f"from {dt.d} to {dt.d2} {M} {y}", f"on {dt.d}–{dt.d2} {M} {y}"])
        if dt.kind == "month":
            return f"in {M} {y}"
        return f"in {y}"
    if lang == "ru":
        G = MONTHS["ru_gen"][m]
        year = r.choice(["года", "г."])
        if dt.kind == "day":
            return f"{dt.d} {G} {y} {year}"
        if dt.kind == "span":
            if dt.m2 != dt.m:
                G2 = MONTHS["ru_gen"][dt.m2 - 1]
                return r.choice([f"{dt.d} {G} – {dt.d2} {G2} {y} {year}", f"с {dt.d} {G} по {dt.d2} {G2} {y} {year}"])
            return r.choice([f"{dt.d}–{dt.d2} {G} {y} {year}", f"{dt.d}-{dt.d2} {G} {y} {year}",
                             f"с {dt.d} по {dt.d2} {G} {y} {year}"])
        if dt.kind == "month":
            return f"в {MONTHS['ru_prep'][m]} {y} {year}"
        return f"в {y} " + r.choice(["году", "г."])
    if lang == "tr":
        M = MONTHS["tr"][m]
        if dt.kind == "day":
            return r.choice([f"{dt.d} {M} {y} tarihinde", f"{dt.d} {M} {y}'{tr_loc(y)}"])
        if dt.kind == "span":
            if dt.m2 != dt.m:
                return f"{dt.d} {M} - {dt.d2} {MONTHS['tr'][dt.m2 - 1]} {y} tarihlerinde"
            return r.choice([f"{dt.d}-{dt.d2} {M} {y} tarihlerinde", f"{dt.d}–{dt.d2} {M} {y} tarihleri arasında"])
        if dt.kind == "month":
            # The last form is good Turkish but names the month after the year.
            return r.choice([f"{M} {y}'{tr_loc(y)}"] * 9 + [f"{y} yılının {M} ayında"])
        return r.choice([f"{y} yılında", f"{y}'{tr_loc(y)}"])
    # ky
    L = MONTHS["ky"][m]
    if dt.kind == "day":
        return r.choice([f"{y}-жылдын {dt.d}-{L}"] * 5 + [f"{y}-ж. {dt.d}-{L}"])
    if dt.kind == "span":
        return f"{y}-жылдын {dt.d}-{dt.d2}-{L}"
    if dt.kind == "month":
        return f"{y}-жылдын {L}"
    return f"{y}-жылы"


def render_yearless(lang, r, y, m, d):
    """A day without its year (on 29 September), read in the year of the date before it."""
    if lang == "en":
        M = MONTHS["en"][m - 1]
        return r.choice([f"on {d} {M}", f"on {M} {d}"])
    if lang == "ru":
        return f"{d} {MONTHS['ru_gen'][m - 1]}"
    if lang == "tr":
        return f"{d} {MONTHS['tr'][m - 1]}'{MONTHS['tr_loc'][m - 1]}"
    return f"{d}-{MONTHS['ky'][m - 1]}"


# ---------------------------------------------------------------------------
# A page: its language, its two states (A, whose ministry writes, and B), the
# people who hold the offices, and the helpers templates fill themselves with.


class Page:
    def __init__(self, r, lang, a, b, x):
        self.r, self.lang = r, lang
        self.keys = {"A": a, "B": b, "X": x}
        self.people = {}
        self.last = None

    def pick(self, *options):
        return self.r.choice(options)

    # states and cities
    def s(self, which, case=0):
        forms = STATES[self.keys[which]][self.lang]
        if self.lang == "en":
            return forms[1] if case == 0 and self.r.random() < 0.25 else forms[0]
        return forms[case]

    def c(self, which, case=0, second=False, capital=False):
        """A city of a state: its capital or (less often) another; `second`: not the capital."""
        cities = STATES[self.keys[which]]["cities"]
        if second:
            key = self.r.choice(cities[1:])
        elif capital or self.r.random() < 0.7:
            key = cities[0]
        else:
            key = self.r.choice(cities)
        forms = CITIES[key][LANGS.index(self.lang)]
        return forms if self.lang == "en" else forms[case]

    # dates
    def date(self, kind="any", after=False):
        """A date's words; `after`: not in a year before the date before (the second fact of a sentence)."""
        since = self.last.y if after and self.last else 1991
        if kind == "any":
            kind = self.r.choices(["day", "month", "year"], [5, 3, 2])[0]
        elif kind == "visit":
            kind = self.r.choices(["span", "day", "month"], [6, 2, 2])[0]
        self.last = random_date(self.r, kind, since)
        # Kyrgyz pages write no span across two months (1991-жылдын 30-июлунан …).
        while self.lang == "ky" and self.last.kind == "span" and self.last.m2 != self.last.m:
            self.last = random_date(self.r, kind, since)
        return render(self.lang, self.r, self.last)

    def yearless(self):
        """A day of the month of the date before (within its span, if it is one)."""
        last = self.last
        if last.kind in ("day", "span") and last.m2 == last.m:
            d = self.r.randint(last.d, last.d2 or last.d)
            m = last.m
        elif last.kind == "span":  # across two months: a day of the first
            m = last.m
            d = self.r.randint(last.d, calendar.monthrange(last.y, m)[1])
        else:
            m = last.m or self.r.randint(1, 12)
            d = self.r.randint(1, 28)
        return render_yearless(self.lang, self.r, last.y, m, d)

    def later_month(self):
        """A month after the date before's, in the same year (for "in June of the same year")."""
        start = self.last.m or 1
        return self.r.randint(min(start + 1, 12), 12)

    # people
    def name(self, which, role):
        key = (self.keys[which], role)
        if key not in self.people:
            r = self.r
            parts = [r.choice(SURNAME_HEADS), r.choice(SURNAME_MIDS), r.choice(SURNAME_TAILS), r.choice(SURNAME_ENDS)]
            n = r.choice([1, 2, 2, 2])
            initials = r.sample(range(len(LATIN_INITIALS)), n)
            self.people[key] = (parts, initials)
        parts, initials = self.people[key]
        if self.lang in ("ru", "ky"):
            return "".join(CYRILLIC_INITIALS[i] + "." for i in initials), "".join(p[2] for p in parts)
        column = 1 if self.lang == "tr" else 0
        return "".join(LATIN_INITIALS[i] + "." for i in initials), "".join(p[column] for p in parts)

    def who(self, which, role, case="n"):
        """A person with their office and state, as the language writes them before a verb."""
        initials, surname = self.name(which, role)
        lang = self.lang
        if lang == "en":
            state = self.s(which, 1)
            office = {
                "head": f"President of {state}",
                "pm": f"Prime Minister of {state}",
                "fm": self.pick(f"Minister of Foreign Affairs of {state}", f"Foreign Minister of {state}"),
                "speaker": f"Speaker of the Parliament of {state}",
            }[role]
            return f"{office} {initials} {surname}"
        if lang == "ru":
            state = self.s(which, 1)
            surname = surname + {"n": "", "g": "а", "i": "ым", "d": "у"}[case]
            office = {
                "head": {"n": "Президент", "g": "Президента", "i": "Президентом", "d": "Президенту"},
                "pm": {"n": "Премьер-министр", "g": "Премьер-министра", "i": "Премьер-министром", "d": "Премьер-министру"},
                "fm": {"n": "министр иностранных дел", "g": "министра иностранных дел", "i": "министром иностранных дел", "d": "министру иностранных дел"},
                "speaker": {"n": "Председатель парламента", "g": "Председателя парламента", "i": "Председателем парламента", "d": "Председателю парламента"},
            }[role][case]
            return f"{office} {state} {initials} {surname}"
        if lang == "tr":
            state = self.s(which, 0)
            office = {"head": "Cumhurbaşkanı", "pm": "Başbakanı", "fm": "Dışişleri Bakanı", "speaker": "Meclis Başkanı"}[role]
            return f"{state} {office} {initials} {surname}"
        state = self.s(which, 1)
        office = {"head": "Президенти", "pm": "Премьер-министри", "fm": "тышкы иштер министри", "speaker": "парламентинин Төрагасы"}[role]
        return f"{state} {office} {initials} {surname}"

    def bare(self, which, role, case="n"):
        """A person's initials and surname alone."""
        initials, surname = self.name(which, role)
        if self.lang == "ru":
            surname += {"n": "", "g": "а", "i": "ым", "d": "у"}[case]
        return f"{initials} {surname}"

    def ordinal(self):
        return self.r.randint(2, 24)


# ---------------------------------------------------------------------------
# Documents, bodies and organisations.

EN_TITLES = [
    "Treaty on Friendship and Cooperation", "Treaty on Eternal Friendship and Strategic Partnership",
    "Agreement on Trade and Economic Cooperation", "Agreement on Cooperation in Education and Science",
    "Agreement on International Road Transport", "Memorandum of Understanding on Cultural Cooperation",
    "Memorandum on Cooperation in Tourism", "Declaration on Strategic Partnership",
    "Joint Declaration on Comprehensive Partnership", "Agreement on the Mutual Protection of Investments",
]
EN_BODIES = [
    "Intergovernmental Commission on Trade and Economic Cooperation", "Joint Intergovernmental Commission",
    "High-Level Strategic Cooperation Council", "Joint Business Council",
    "Intergovernmental Commission on Economic, Scientific and Technical Cooperation",
]
EN_ORGS = ["the Organization of Turkic States", "the Shanghai Cooperation Organisation",
           "the Conference on Interaction and Confidence-Building Measures in Asia", "the CIS",
           "the Economic Cooperation Organization"]

# (nominative, accusative, gender)
RU_TITLES = [
    ("Договор о дружбе и сотрудничестве", "Договор о дружбе и сотрудничестве", "m"),
    ("Договор «О вечной дружбе и стратегическом партнёрстве»", "Договор «О вечной дружбе и стратегическом партнёрстве»", "m"),
    ("Соглашение о торгово-экономическом сотрудничестве", "Соглашение о торгово-экономическом сотрудничестве", "n"),
    ("Соглашение о сотрудничестве в области образования", "Соглашение о сотрудничестве в области образования", "n"),
    ("Соглашение о международном автомобильном сообщении", "Соглашение о международном автомобильном сообщении", "n"),
    ("Меморандум о взаимопонимании в сфере культуры", "Меморандум о взаимопонимании в сфере культуры", "m"),
    ("Декларация о стратегическом партнёрстве", "Декларацию о стратегическом партнёрстве", "f"),
    ("Совместная декларация о всеобъемлющем партнёрстве", "Совместную декларацию о всеобъемлющем партнёрстве", "f"),
]
RU_PAST = {"m": ("был", ""), "n": ("было", "о"), "f": ("была", "а")}
RU_BODIES = [  # genitive
    "Межправительственной комиссии по торгово-экономическому сотрудничеству",
    "Совместной межправительственной комиссии", "Совета стратегического сотрудничества высшего уровня",
    "Делового совета", "Межправительственной комиссии по экономическому и научно-техническому сотрудничеству",
]
RU_ORGS = ["Организации тюркских государств", "Шанхайской организации сотрудничества", "СНГ",
           "Совещания по взаимодействию и мерам доверия в Азии", "Организации экономического сотрудничества"]

TR_TITLES = [
    "Dostluk ve İşbirliği Antlaşması", "Ebedi Dostluk ve Stratejik Ortaklık Antlaşması",
    "Ticari ve Ekonomik İşbirliği Anlaşması", "Eğitim ve Bilim Alanında İşbirliği Anlaşması",
    "Uluslararası Karayolu Taşımacılığı Anlaşması", "Kültür Alanında İşbirliğine İlişkin Mutabakat Zaptı",
    "Turizm Alanında İşbirliği Mutabakat Zaptı", "Stratejik Ortaklık Deklarasyonu",
    "Kapsamlı Ortaklık Ortak Bildirisi", "Yatırımların Karşılıklı Korunması Anlaşması",
]
TR_BODIES = [  # with the genitive suffix
    "Hükümetlerarası Ekonomik İşbirliği Komisyonu'nun", "Karma Ekonomik Komisyonu'nun",
    "Yüksek Düzeyli Stratejik İşbirliği Konseyi'nin", "İş Konseyi'nin",
    "Hükümetlerarası Ticaret ve Ekonomik İşbirliği Komisyonu'nun",
]
TR_ORGS = ["Türk Devletleri Teşkilatı", "Şanghay İşbirliği Örgütü", "Asya'da İşbirliği ve Güven Artırıcı Önlemler Konferansı",
           "Ekonomik İşbirliği Teşkilatı", "Bağımsız Devletler Topluluğu"]

# (the title in quotes, the document's word in the dative, in the nominative)
KY_TITLES = [
    ("Достук жана кызматташтык жөнүндө", "келишимге", "келишим"),
    ("Түбөлүктүү достук жана стратегиялык өнөктөштүк жөнүндө", "келишимге", "келишим"),
    ("Соода-экономикалык кызматташтык жөнүндө", "макулдашууга", "макулдашуу"),
    ("Билим берүү жана илим тармагындагы кызматташтык жөнүндө", "макулдашууга", "макулдашуу"),
    ("Эл аралык автомобиль каттамдары жөнүндө", "макулдашууга", "макулдашуу"),
    ("Маданият тармагындагы кызматташтык жөнүндө", "меморандумга", "меморандум"),
    ("Стратегиялык өнөктөштүк жөнүндө", "декларацияга", "декларация"),
]
KY_BODIES = [  # genitive
    "өкмөттөр аралык соода-экономикалык кызматташтык боюнча комиссиянын",
    "биргелешкен өкмөттөр аралык комиссиянын", "Жогорку деңгээлдеги стратегиялык кызматташтык кеңешинин",
    "өкмөттөр аралык экономикалык жана илимий-техникалык кызматташтык боюнча комиссиянын",
]
KY_ORGS = ["Түрк мамлекеттеринин уюмунун", "Шанхай кызматташтык уюмунун", "КМШнын",
           "Азиядагы өз ара аракеттенүү жана ишеним чаралары боюнча кеңешменин"]

# ---------------------------------------------------------------------------
# Templates: each takes a Page and returns one sentence. "nodate" ones hold
# no date (the extractor should propose nothing from them).

TEMPLATES = {lang: [] for lang in LANGS}
NODATE = {lang: [] for lang in LANGS}


def template(lang, nodate=False):
    def register(f):
        (NODATE if nodate else TEMPLATES)[lang].append(f)
        return f
    return register


# --- English -----------------------------------------------------------------

@template("en")
def _(p):
    return f"Diplomatic relations between {p.s('A')} and {p.s('B')} were {p.pick('established', 'formally established')} {p.date('day')}."

@template("en")
def _(p):
    return (f"{cap(p.s('B'))} recognised the independence of {p.s('A')} {p.date('day')}, and diplomatic relations "
            f"between the two countries were established {p.date('any', after=True)}.")

@template("en")
def _(p):
    verb = p.pick("was opened", "began its work", "started operating", "was inaugurated")
    return f"The Embassy of {p.s('B', 1)} in {p.c('A', capital=True)} {verb} {p.date('any')}."

@template("en")
def _(p):
    return (f"{cap(p.s('A', 1))} opened its embassy in {p.c('B', capital=True)} {p.date('any')}, and a Consulate General of "
            f"{p.s('A', 1)} started work in {p.c('B', second=True)} {p.date('any', after=True)}.")

@template("en")
def _(p):
    return f"{p.who('A', 'head')} paid an official visit to {p.s('B')} {p.date('visit')}."

@template("en")
def _(p):
    return f"{p.who('B', 'head')} was in {p.c('A')} on a state visit {p.date('visit')}, at the invitation of his counterpart {p.bare('A', 'head')}."

@template("en")
def _(p):
    return f"{p.who('A', 'pm')} made a working visit to {p.c('B')} {p.date('visit')} and met business leaders of {p.s('B', 1)}."

@template("en")
def _(p):
    return (f"{cap(p.date('any'))}, {p.who('A', 'fm')} held talks in {p.c('B')} with his counterpart "
            f"{p.bare('B', 'fm')} on trade, transport and investment.")

@template("en")
def _(p):
    return f"The {p.pick(*EN_TITLES)} between {p.s('A')} and {p.s('B')} was signed in {p.c(p.pick('A', 'B'))} {p.date('day')}."

@template("en")
def _(p):
    n = p.ordinal()
    return (f"The {en_ordinal(n)} meeting of the {p.pick(*EN_BODIES)} was held in {p.c('A')} {p.date('any')}, "
            f"and its {en_ordinal(n + 1)} session took place in {p.c('B')} {p.date('any', after=True)}.")

@template("en")
def _(p):
    return (f"The heads of state of {p.s('A', 1)} and {p.s('B', 1)} met on the sidelines of the summit of "
            f"{p.pick(*EN_ORGS)} in {p.c('X')} {p.date('day')}.")

@template("en")
def _(p):
    return (f"Following the coup attempt in {p.s('B', 1)} {p.date('day')}, {p.s('A', 1)} expressed its support "
            f"for the constitutional order and the legitimate authorities.")

@template("en")
def _(p):
    return f"The {p.pick(*EN_TITLES)} was ratified by the Parliament of {p.s('A', 1)} {p.date('any')}."

@template("en")
def _(p):
    return f"{cap(p.date('any'))}, the two presidents adopted a Joint Statement in {p.c(p.pick('A', 'B'))} on deepening political dialogue."

@template("en")
def _(p):
    visit = p.date("span")
    return (f"{p.who('A', 'head')} paid an official visit to {p.s('B', 1)} {visit}, and {p.yearless()} "
            f"the parties signed the {p.pick(*EN_TITLES)} in {p.c('B')}.")

@template("en")
def _(p):
    return (f"{p.who('A', 'speaker')} visited {p.c('B')} {p.date('visit')} at the invitation of "
            f"Speaker of the Parliament of {p.s('B', 1)} {p.bare('B', 'speaker')}.")

@template("en")
def _(p):
    return f"Political consultations between the foreign ministries of the two countries were held in {p.c(p.pick('A', 'B'))} {p.date('any')}."

@template("en")
def _(p):
    return f"The {roman(p.ordinal())} session of the {p.pick(*EN_BODIES)} took place in {p.c('B')} {p.date('visit')}."

@template("en")
def _(p):
    signed = p.date("day")
    month = MONTHS["en"][p.later_month() - 1]
    return f"The {p.pick(*EN_TITLES)} was signed {signed} and ratified in {month} of the same year."

@template("en", nodate=True)
def _(p):
    return (f"Relations between {p.s('A', 1)} and {p.s('B', 1)} are based on the principles of mutual respect, "
            f"equality and non-interference in each other's internal affairs.")

@template("en", nodate=True)
def _(p):
    return "The two countries cooperate closely within the UN, the OSCE and other international organisations."

@template("en", nodate=True)
def _(p):
    return (f"Trade between {p.s('A', 1)} and {p.s('B', 1)} has grown steadily in recent years, and the sides "
            f"intend to expand cooperation in energy, transport and agriculture.")

@template("en", nodate=True)
def _(p):
    return "Cultural and humanitarian ties, student exchanges and tourism bring the two peoples closer together."


# --- Russian -----------------------------------------------------------------

@template("ru")
def _(p):
    return f"Дипломатические отношения между {p.s('A', 3)} и {p.s('B', 3)} были установлены {p.date('day')}."

@template("ru")
def _(p):
    return (f"Независимость {p.s('A', 1)} была признана {p.s('B', 3)} {p.date('day')}, а дипломатические "
            f"отношения между двумя странами установлены {p.date('any', after=True)}.")

@template("ru")
def _(p):
    verb = p.pick("начало работу", "было открыто", "начало функционировать")
    return f"Посольство {p.s('B', 1)} в {p.c('A', 1, capital=True)} {verb} {p.date('any')}."

@template("ru")
def _(p):
    return (f"{cap(p.date('any'))} в {p.c('B', 1, capital=True)} было открыто посольство {p.s('A', 1)}, а {p.date('any', after=True)} "
            f"начало функционировать Генеральное консульство {p.s('A', 1)} в {p.c('B', 1, second=True)}.")

@template("ru")
def _(p):
    return f"{p.who('A', 'head')} посетил {p.s('B', 5)} с официальным визитом {p.date('visit')}."

@template("ru")
def _(p):
    return f"Государственный визит {p.who('B', 'head', 'g')} в {p.s('A', 5)} состоялся {p.date('visit')}."

@template("ru")
def _(p):
    return f"{p.who('A', 'pm')} совершил рабочий визит в {p.c('B', 2)} {p.date('visit')}."

@template("ru")
def _(p):
    return (f"{cap(p.date('any'))} {p.who('A', 'fm')} провёл в {p.c('B', 1)} переговоры со своим коллегой "
            f"{p.bare('B', 'fm', 'i')}.")

@template("ru")
def _(p):
    nom, _acc, g = p.pick(*RU_TITLES)
    aux, end = RU_PAST[g]
    return f"{cap(p.date('day'))} в {p.c(p.pick('A', 'B'), 1)} {aux} подписан{end} {nom}."

@template("ru")
def _(p):
    n = p.ordinal()
    return (f"{n}-е заседание {p.pick(*RU_BODIES)} прошло в {p.c('A', 1)} {p.date('any')}, а {n + 1}-е "
            f"заседание состоялось в {p.c('B', 1)} {p.date('any', after=True)}.")

@template("ru")
def _(p):
    return (f"{cap(p.date('day'))} в {p.c('X', 1)} на полях саммита {p.pick(*RU_ORGS)} "
            f"{p.who('A', 'head')} провёл встречу с {p.who('B', 'head', 'i')}.")

@template("ru")
def _(p):
    return (f"После попытки государственного переворота в {p.s('B', 4)} {p.date('day')} руководство "
            f"{p.s('A', 1)} выразило поддержку конституционному порядку.")

@template("ru")
def _(p):
    nom, _acc, g = p.pick(*RU_TITLES)
    aux, end = RU_PAST[g]
    verb = {"m": "ратифицирован", "n": "ратифицировано", "f": "ратифицирована"}[g]
    return f"{nom} {aux} {verb} парламентом {p.s('A', 1)} {p.date('any')}."

@template("ru")
def _(p):
    return f"{cap(p.date('any'))} в {p.c(p.pick('A', 'B'), 1)} главы государств приняли Совместное заявление о дальнейшем углублении сотрудничества."

@template("ru")
def _(p):
    visit = p.date("span")
    _nom, acc, _g = p.pick(*RU_TITLES)
    return (f"{p.who('A', 'head')} находился в {p.s('B', 4)} с официальным визитом {visit}, и {p.yearless()} "
            f"стороны подписали {acc}.")

@template("ru")
def _(p):
    return (f"{p.who('A', 'speaker')} посетил {p.c('B', 2)} {p.date('visit')} по приглашению своего коллеги "
            f"{p.bare('B', 'speaker', 'g')}.")

@template("ru")
def _(p):
    return f"Политические консультации между министерствами иностранных дел двух стран прошли в {p.c(p.pick('A', 'B'), 1)} {p.date('any')}."

@template("ru")
def _(p):
    d = random_date(p.r, "span")
    while d.m2 != d.m:
        d = random_date(p.r, "span")
    p.last = d
    start = f"С {d.d} по {d.d2} {MONTHS['ru_gen'][d.m - 1]} {d.y} г."
    return f"{start} {p.who('B', 'head')} находился в {p.s('A', 4)} с государственным визитом."

@template("ru")
def _(p):
    n = p.ordinal()
    return f"{roman(n)} заседание {p.pick(*RU_BODIES)} состоялось в {p.c('B', 1)} {p.date('visit')}."

@template("ru")
def _(p):
    nom, _acc, g = p.pick(*RU_TITLES)
    aux, end = RU_PAST[g]
    signed = p.date("day")
    month = MONTHS["ru_prep"][p.later_month() - 1]
    verb = {"m": "ратифицирован", "n": "ратифицировано", "f": "ратифицирована"}[g]
    return f"{nom} {aux} подписан{end} {signed}, а в {month} того же года {verb}."

@template("ru", nodate=True)
def _(p):
    return (f"Отношения между {p.s('A', 3)} и {p.s('B', 3)} строятся на принципах взаимного уважения, "
            f"равноправия и невмешательства во внутренние дела.")

@template("ru", nodate=True)
def _(p):
    return "Стороны тесно взаимодействуют в рамках ООН, ОБСЕ и других международных организаций."

@template("ru", nodate=True)
def _(p):
    return (f"Товарооборот между {p.s('A', 3)} и {p.s('B', 3)} в последние годы стабильно растёт, а стороны "
            f"намерены расширять сотрудничество в энергетике, транспорте и сельском хозяйстве.")

@template("ru", nodate=True)
def _(p):
    return "Развиваются культурно-гуманитарные связи, студенческие обмены и туризм."


# --- Turkish -----------------------------------------------------------------

@template("tr")
def _(p):
    return f"{p.s('A')} ile {p.s('B')} arasında diplomatik ilişkiler {p.date('day')} kurulmuştur."

@template("tr")
def _(p):
    return (f"{p.s('B')}, {p.s('A', 1)} bağımsızlığını {p.date('day')} tanımış, iki ülke arasındaki "
            f"diplomatik ilişkiler ise {p.date('any', after=True)} tesis edilmiştir.")

@template("tr")
def _(p):
    verb = p.pick("faaliyete geçmiştir", "açılmıştır", "hizmete girmiştir")
    return f"{p.s('B', 1)} {p.c('A', capital=True)} Büyükelçiliği {p.date('any')} {verb}."

@template("tr")
def _(p):
    return (f"{p.s('A')}, {p.c('B', 1, capital=True)} büyükelçiliğini {p.date('any')} açmış, {p.c('B', second=True)} "
            f"Başkonsolosluğu ise {p.date('any', after=True)} hizmete girmiştir.")

@template("tr")
def _(p):
    return f"{p.who('A', 'head')} {p.date('visit')} {p.s('B', 2)} resmi ziyarette bulunmuştur."

@template("tr")
def _(p):
    return f"{p.who('B', 'head')}, {p.date('visit')} {p.s('A', 2)} devlet ziyareti gerçekleştirmiştir."

@template("tr")
def _(p):
    return f"{p.who('A', 'pm')} {p.date('visit')} bir çalışma ziyareti için {p.c('B', 2)} gitmiştir."

@template("tr")
def _(p):
    return (f"Dışişleri bakanları {p.bare('A', 'fm')} ve {p.bare('B', 'fm')} {p.date('any')} "
            f"{p.c(p.pick('A', 'B'), 1)} bir araya gelmiştir.")

@template("tr")
def _(p):
    title = p.pick(*TR_TITLES)
    title = p.pick(f"«{title}»", title)
    return f"{p.s('A')} ile {p.s('B')} arasında {title} {p.date('day')} {p.c(p.pick('A', 'B'), 1)} imzalanmıştır."

@template("tr")
def _(p):
    n = p.ordinal()
    return (f"{p.pick(*TR_BODIES)} {n}. toplantısı {p.date('any')} {p.c('A', 1)} yapılmış, {n + 1}. oturumu "
            f"ise {p.date('any', after=True)} {p.c('B', 1)} düzenlenmiştir.")

@template("tr")
def _(p):
    return (f"{p.pick(*TR_ORGS)} Zirvesi {p.date('day')} {p.c('X', 1)} düzenlenmiş, liderler zirve "
            f"marjında ikili bir görüşme yapmıştır.")

@template("tr")
def _(p):
    return (f"{p.date('day')} {p.s('B', 3)} yaşanan darbe girişiminin ardından {p.s('A')}, "
            f"anayasal düzene desteğini açıklamıştır.")

@template("tr")
def _(p):
    return f"{p.pick(*TR_TITLES)}, {p.s('A')} Parlamentosu tarafından {p.date('any')} onaylanmıştır."

@template("tr")
def _(p):
    return (f"{p.date('any')} {p.c(p.pick('A', 'B'), 1)} gerçekleştirilen görüşmelerin sonunda iki "
            f"cumhurbaşkanı Ortak Bildiri yayımlamıştır.")

@template("tr")
def _(p):
    visit = p.date("span")
    return (f"{p.who('A', 'head')} {visit} {p.s('B', 2)} resmi ziyarette bulunmuş, {p.yearless()} "
            f"{p.c('B', 1)} «{p.pick(*TR_TITLES)}» imzalanmıştır.")

@template("tr")
def _(p):
    return (f"{p.who('A', 'speaker')}, {p.date('visit')} {p.c('B', 1)} {p.s('B')} Meclis Başkanı "
            f"{p.bare('B', 'speaker')} ile görüşmüştür.")

@template("tr")
def _(p):
    return (f"Dışişleri bakanlıkları arasındaki siyasi istişarelerin {p.ordinal()}. turu {p.date('any')} "
            f"{p.c(p.pick('A', 'B'), 1)} gerçekleştirilmiştir.")

@template("tr")
def _(p):
    signed = p.date("day")
    month = MONTHS["tr"][p.later_month() - 1]
    return (f"{p.pick(*TR_TITLES)} {signed} imzalanmış ve aynı yılın {month} ayında "
            f"{p.s('B')} Parlamentosu tarafından onaylanmıştır.")

@template("tr")
def _(p):
    return f"{p.pick(*TR_BODIES)} {roman(p.ordinal())}. Toplantısı {p.date('visit')} {p.c('B', 1)} yapılmıştır."

@template("tr", nodate=True)
def _(p):
    return "İki ülke arasındaki ilişkiler karşılıklı saygı, eşitlik ve iç işlerine karışmama ilkelerine dayanmaktadır."

@template("tr", nodate=True)
def _(p):
    return "Taraflar BM, AGİT ve diğer uluslararası kuruluşlar çerçevesinde yakın işbirliği yapmaktadır."

@template("tr", nodate=True)
def _(p):
    return (f"{p.s('A')} ile {p.s('B')} arasındaki ticaret hacmi son yıllarda istikrarlı bir şekilde "
            f"artmakta, taraflar enerji, ulaştırma ve tarım alanlarında işbirliğini genişletmeyi amaçlamaktadır.")

@template("tr", nodate=True)
def _(p):
    return "Kültürel ve insani bağlar, öğrenci değişimi ve turizm iki halkı birbirine yakınlaştırmaktadır."


# --- Kyrgyz ------------------------------------------------------------------

@template("ky")
def _(p):
    return f"{p.s('A')} менен {p.s('B', 1)} ортосунда дипломатиялык мамилелер {p.date('day')} түзүлгөн."

@template("ky")
def _(p):
    return (f"{p.s('B')} {p.s('A', 1)} эгемендүүлүгүн {p.date('day')} тааныган, ал эми эки өлкөнүн "
            f"ортосундагы дипломатиялык мамилелер {p.date('any', after=True)} орнотулган.")

@template("ky")
def _(p):
    verb = p.pick("ачылган", "иштей баштаган")
    return f"{p.s('B', 1)} {p.c('A', 3, capital=True)} элчилиги {p.date('any')} {verb}."

@template("ky")
def _(p):
    return (f"{p.s('A')} {p.c('B', 1, capital=True)} өз элчилигин {p.date('any')} ачкан, ал эми {p.c('B', 3, second=True)} "
            f"башкы консулдугу {p.date('any', after=True)} ачылган.")

@template("ky")
def _(p):
    return f"{p.who('A', 'head')} {p.date('visit')} {p.s('B', 2)} расмий сапар менен барган."

@template("ky")
def _(p):
    return f"{p.who('B', 'head')} {p.date('visit')} {p.s('A', 2)} мамлекеттик сапар менен келген."

@template("ky")
def _(p):
    return f"{p.who('A', 'pm')} {p.date('visit')} {p.c('B', 2)} иш сапары менен барды."

@template("ky")
def _(p):
    return (f"{cap(p.date('any'))} {p.c(p.pick('A', 'B'), 1)} тышкы иштер министрлери {p.bare('A', 'fm')} "
            f"менен {p.bare('B', 'fm')} сүйлөшүү жүргүзүшкөн.")

@template("ky")
def _(p):
    part, dat, _nom = p.pick(*KY_TITLES)
    return f"{cap(p.date('day'))} {p.c(p.pick('A', 'B'), 1)} эки өлкөнүн ортосундагы «{part}» {dat} кол коюлган."

@template("ky")
def _(p):
    n = p.ordinal()
    return (f"{p.s('A')} менен {p.s('B', 1)} ортосундагы {p.pick(*KY_BODIES)} {n}-отуруму {p.date('any')} {p.c('A', 1)} "
            f"өткөн, ал эми {n + 1}-отуруму {p.date('any', after=True)} {p.c('B', 1)} болуп өттү.")

@template("ky")
def _(p):
    return (f"{cap(p.date('day'))} {p.c('X', 1)} өткөн {p.pick(*KY_ORGS)} саммитинин алкагында эки "
            f"мамлекеттин башчылары жолугушту.")

@template("ky")
def _(p):
    return (f"{cap(p.date('day'))} {p.s('B', 3)} болгон төңкөрүш аракетинен кийин {p.s('A')} "
            f"конституциялык түзүлүштү колдой тургандыгын билдирген.")

@template("ky")
def _(p):
    part, _dat, nom = p.pick(*KY_TITLES)
    return f"«{part}» {nom} {p.s('A', 1)} парламенти тарабынан {p.date('any')} ратификацияланган."

@template("ky")
def _(p):
    return (f"{cap(p.date('any'))} {p.c(p.pick('A', 'B'), 1)} мамлекет башчылары кызматташтыкты тереңдетүү "
            f"боюнча биргелешкен билдирүү кабыл алышкан.")

@template("ky")
def _(p):
    visit = p.date("span")
    part, dat, _nom = p.pick(*KY_TITLES)
    return (f"{p.who('A', 'head')} {visit} {p.s('B', 2)} расмий сапар менен барган, {p.yearless()} "
            f"{p.c('B', 1)} «{part}» {dat} кол коюлган.")

@template("ky")
def _(p):
    return (f"{p.who('A', 'speaker')} {p.date('visit')} {p.c('B', 2)} сапар менен барып, "
            f"{p.s('B', 1)} парламентинин Төрагасы {p.bare('B', 'speaker')} менен жолугушуу өткөргөн.")

@template("ky")
def _(p):
    return (f"Тышкы иштер министрликтеринин ортосундагы саясий кеңешмелердин кезектеги айлампасы "
            f"{p.date('any')} {p.c(p.pick('A', 'B'), 1)} өттү.")

@template("ky")
def _(p):
    return (f"{p.pick(*KY_BODIES)} {p.ordinal()}-жыйыны {p.date('visit')} {p.c('B', 1)} "
            f"болуп өттү.")

@template("ky", nodate=True)
def _(p):
    return "Эки өлкөнүн мамилелери өз ара урматтоо, теңчилик жана ички иштерге кийлигишпөө принциптерине негизделет."

@template("ky", nodate=True)
def _(p):
    return "Тараптар БУУнун, ЕККУнун жана башка эл аралык уюмдардын алкагында тыгыз кызматташып келишет."

@template("ky", nodate=True)
def _(p):
    return (f"{p.s('A')} менен {p.s('B', 1)} ортосундагы соода жүгүртүү акыркы жылдары туруктуу өсүүдө, "
            f"тараптар энергетика, транспорт жана айыл чарба тармактарында кызматташтыкты кеңейтүүгө ниеттүү.")

@template("ky", nodate=True)
def _(p):
    return "Маданий-гуманитардык байланыштар, студенттик алмашуулар жана туризм эки элди бири-бирине жакындатып турат."


TITLES = {
    "en": [lambda p: f"Political relations between {p.s('A')} and {p.s('B')}",
           lambda p: f"Bilateral relations of {p.s('A', 1)} with {p.s('B', 1)}",
           lambda p: f"{p.s('A', 1)} and {p.s('B', 1)}: political cooperation"],
    "ru": [lambda p: f"Политические отношения между {p.s('A', 3)} и {p.s('B', 3)}",
           lambda p: f"Двусторонние отношения {p.s('A', 1)} и {p.s('B', 1)}"],
    "tr": [lambda p: f"{p.s('A')} ile {p.s('B')} Arasındaki Siyasi İlişkiler",
           lambda p: f"{p.s('A')} – {p.s('B')} İkili İlişkileri"],
    "ky": [lambda p: f"{p.s('A')} менен {p.s('B', 1)} ортосундагы саясий мамилелер",
           lambda p: f"{p.s('A', 1)} {p.s('B')} менен эки тараптуу мамилелери"],
}


def finish(sentence):
    # A Russian date may end the sentence in "г.": no second full stop.
    if sentence.endswith("г.."):
        sentence = sentence[:-1]
    return cap(sentence)


def page(seed, i, lang):
    r = random.Random(f"dipkg-pages-{seed}-{i}")
    a, b, x = r.sample(sorted(STATES), 3)
    p = Page(r, lang, a, b, x)
    title = cap(r.choice(TITLES[lang])(p))
    # Templates drawn without replacement (reshuffled when used up), so a page
    # repeats itself little; about one sentence in six has no date.
    decks = {True: [], False: []}

    def sentence():
        nodate = r.random() < 0.16
        deck = decks[nodate]
        if not deck:
            deck.extend((NODATE if nodate else TEMPLATES)[lang])
            r.shuffle(deck)
        return finish(deck.pop()(p))

    paragraphs = [[sentence()] for _ in range(r.randint(7, 9))]
    target = r.randint(2650, 3050)

    def size():
        return len((title + "\n\n" + "\n\n".join(" ".join(s) for s in paragraphs) + "\n").encode("utf-8"))

    while size() < target:
        open_ = [q for q in paragraphs if len(q) < 4] or paragraphs
        r.choice(open_).append(sentence())
    return title + "\n\n" + "\n\n".join(" ".join(s) for s in paragraphs) + "\n"


def main():
    ap = argparse.ArgumentParser(description="Generate bilateral-relations pages for benches/extract.sh.")
    ap.add_argument("n", nargs="?", type=int, default=1000, help="number of pages (default 1000)")
    ap.add_argument("outdir", help="folder to write page-NNNNN-LANG.txt into (created if missing)")
    ap.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    args = ap.parse_args()
    if args.n < 0:
        ap.error("N must be 0 or more")
    os.makedirs(args.outdir, exist_ok=True)
    total = 0
    for i in range(1, args.n + 1):
        block = (i - 1) // 4
        order = list(LANGS)
        random.Random(f"dipkg-pages-{args.seed}-block-{block}").shuffle(order)
        lang = order[(i - 1) % 4]
        text = page(args.seed, i, lang)
        data = text.encode("utf-8")
        with open(os.path.join(args.outdir, f"page-{i:05d}-{lang}.txt"), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"{args.n} files, {total} bytes in {args.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
