"""Build ``given_names.txt``: people's first names, which the personal-data redaction removes when
one stands alone in an answer ("Eleri is in Year 4", "the driver, Gethin,") and the recogniser
agrees it names a person, and which tell a person's name from an organisation's.

Sources (needed only to rebuild the list, never at run time):

* Faker's person providers (MIT licence; first names of some 80 locales: en_GB, en_IE, ga_IE,
  en_IN, en_PK, en_NG, ig_NG, yo_NG, pl_PL, ...), read from the wheel without importing it;
* the 1990 US Census first-name files (public domain) as packaged by ``names`` (MIT licence);
* :data:`KEPT`: Welsh, Scottish, Irish, South Asian, West African, Somali, East Asian and Māori first names
  common in the UK, and Polish,
  Dutch, Spanish, Portuguese and French ones common in EU feedback, that neither source has, kept by hand.

Names in Latin script only (the redaction reads capitalised words), two letters or more. Words that
are also everyday words ("Will", "Grace", "May") stay in the list: the redaction skips them by the
word table, so the list says only what is a name somewhere::

    pip download faker==40.63.0 names==0.3.0 --no-deps -d /tmp/gn
    python models/names/build_given_names.py /tmp/gn/faker-40.63.0-py3-none-any.whl /tmp/gn/names-0.3.0.tar.gz
"""

from __future__ import annotations

import ast
import re
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path

KEPT = """
Aled Alun Aneirin Angharad Bethan Bleddyn Bronwen Caradog Carys Ceri Cerys Dafydd Delyth Dewi Dylan Eirian
Eirlys Eleri Elin Emrys Eurig Ffion Gareth Geraint Gethin Glesni Glyn Gruffudd Gruffydd Gwen Gwenllian
Gwilym Gwyn Hefin Heledd Huw Hywel Idris Ieuan Iestyn Ifan Ioan Iolo Iwan Llinos Lowri Llyr Mared Meinir
Meirion Mererid Morgan Nerys Nia Osian Owain Rhian Rhiannon Rhodri Rhys Sian Siân Siôn Sioned Tegan Tomos
Trystan Wyn Alasdair Ailsa Catriona Eilidh Fionnuala Fiona Hamish Iona Isla Kirsty Lachlan Morag Mhairi
Murdo Ruaridh Ruairidh Seonaid Aoife Aisling Caoimhe Ciara Ciaran Cillian Clodagh Deirdre Dermot Eoin
Fionn Grainne Niamh Oisin Oisín Orla Padraig Pádraig Roisin Róisín Ruairí Saoirse Seamus Séamus Sinead
Sinéad Siobhan Tadhg Aarav Abdul Abdullah Ahmed Aisha Amir Anil Anjali Arjun Asif Ayesha Bilal Deepak
Divya Farah Farhan Fatima Gurpreet Hamza Harpreet Imran Jaspreet Kamran Kiran Manpreet Mohammed
Mohammad Muhammad Nadia Naveed Nisha Omar Pooja Priya Rahul Raj Rajesh Ravi Rohan Sana Sandeep Sanjay
Shabana Shahid Simran Sunil Tariq Usman Vikram Yasmin Zainab Zara
Małgorzata Stanisława Bożena Władysław Władysława Bolesław Mirosław Mirosława Jarosław Wiesława Zdzisław
Zdzisława Grażyna Żaneta Bartłomiej Zuzanna Wiktoria Oliwia Łucja Ludwika Éloïse Jaap Kees Ruud Sietske
Hanneke Annemiek Geertje Ineke Iñigo Ainhoa Conceição Graça
Priyanka Ananya Aditi Sunita Rajinder Baljit Kuldeep Jaswinder Tanvir Rumana Shirin Rukhsana Parveen
Nasreen Shazia Tahmina Nazia Sadia Rubina Kulwinder Sukhwinder Harjit Jasbir Paramjit Rupinder Navdeep Amandeep
Mandeep Ramandeep Gurinder Shabnam Mumtaz Nusrat Shamima Rehana Tahir Zubair Waqar Adnan Faisal Irfan Shahzad
Oluwaseun Oluwatobi Adebayo Tunde Babatunde Folake Bukola Temitope Olumide Nkechi Chidi Chidinma Chukwuemeka
Obinna Uchenna Yetunde Funmilayo Damilola Adeola Adewale Olamide Kwabena Kwaku Akosua Adjoa Yaw Efua Abdirahman
Abdi Hodan Faduma Hawa Ayaan Mohamud Hibo Xin Jun Hoang Duc Thi Minh Anh Huong Thanh Tuan Linh Nguyet Hieu Quang
Trang Hanh Wei Mei Hui Ying Jing Xiaoming Xiaoyu Yuki Hiroshi Haruto Sakura
Mere Tama Aroha Wiremu Hemi Rangi Manaia Ngaio Moana Hine Tane Whetu Kahu Rawiri Hohepa Anahera Kiri Nikau Tui Ari Mikaere Ihaia Hana Ataahua
"""

_LATIN = re.compile(r"^[^\W\d_][\w'’-]*$")


def latin(name: str) -> bool:
    return bool(_LATIN.match(name)) and all(
        not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def names_in_python(source: str) -> set[str]:
    """Every string in the values assigned to ``first_names*`` in a module (tuples, lists, dicts of
    weights, ``OrderedDict`` calls; with or without a type annotation)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id.startswith("first_names") for t in targets):
            found.update(c.value for c in ast.walk(node.value)
                         if isinstance(c, ast.Constant) and isinstance(c.value, str))
    return found


def main(faker_wheel: str, names_sdist: str) -> None:
    found: set[str] = set(KEPT.split())
    with zipfile.ZipFile(faker_wheel) as wheel:
        for member in wheel.namelist():
            if member.startswith("faker/providers/person/") and member.endswith("__init__.py"):
                found |= names_in_python(wheel.read(member).decode("utf-8"))
    with tarfile.open(names_sdist) as sdist:
        for member in sdist.getmembers():
            if member.name.endswith((".male.first", ".female.first")):
                data = sdist.extractfile(member)
                assert data is not None
                found |= {line.split()[0].title() for line in data.read().decode("ascii").splitlines() if line.strip()}
    kept = sorted({n.strip() for n in found if len(n.strip()) >= 2 and latin(n.strip())}, key=str.casefold)
    out = Path(__file__).with_name("given_names.txt")
    out.write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept):,} names written to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
