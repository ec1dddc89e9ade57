"""Organisation fields: a person's name or contact details typed there are held back from the
published list; the names of real organisations, whatever their language, are not."""

from __future__ import annotations

from consult_analyser.export.safety import screen_organisations

ORGANISATIONS = ["Avon and Somerset Constabulary", "London Borough of Tower Hamlets", "Jamia Masjid Bilal Basingstoke",
                 "Gurdwara Sahib Bristol", "Sri Guru Singh Sabha Blackburn", "Inverness Hindu Temple",
                 "Healthwatch Walsall", "Humberside Police", "St Thomas' Hospital", "Church of England"]
PEOPLE = ["Priya Shah", "david jones", "Sarah O'Connor 07700 900123", "m.okonkwo@example.org",
          "Margaret Okonkwo-Reilly"]


def test_people_are_held_back_and_organisations_are_not():
    assert screen_organisations(ORGANISATIONS + PEOPLE) == set(PEOPLE)
