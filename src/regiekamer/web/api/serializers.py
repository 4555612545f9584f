"""The shapes of the API's answers, for the OpenAPI document (the views build their JSON from the figures' tables
and the catalogue directly; these serializers describe it field by field)."""

from __future__ import annotations

from rest_framework import serializers

from regiekamer.cijfers import WACHTKLASSEN
from regiekamer.indicatoren.bronnen import UITSPLITSINGEN

UITSPLITSING_VELDEN = tuple(u for u in UITSPLITSINGEN if u != "periode")
"""Breakdowns a figures route accepts in ``by`` (the period has its own parameter, ``per``)."""
FILTER_UITSPLITSINGEN = ("wet", "gemeente", "aanbieder", "productcategorie", "leeftijdsklasse")
"""Breakdowns of the raw-table routes (wachtend, kosten): the filter dimensions."""


class IndicatorSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Vaste sleutel van het cijfer, bijv. `clienten_in_zorg`.")
    naam = serializers.CharField(help_text="Nederlandse naam.")
    definitie = serializers.CharField(help_text="De definitie in woorden.")
    eenheid = serializers.ChoiceField(
        choices=["aantal", "dagen", "werkdagen", "procent", "eurocent", "ratio"],
        help_text="Eenheid van `waarde`; bedragen in eurocent (gehele getallen).")
    beter = serializers.ChoiceField(choices=["hoger", "lager", "neutraal"],
                                    help_text="Welke richting beter is.")
    bron = serializers.ListField(child=serializers.CharField(), help_text="Bronvelden van de berichten.")
    kanttekeningen = serializers.ListField(child=serializers.CharField())
    uitsplitsingen = serializers.ListField(child=serializers.CharField(),
                                           help_text="Uitsplitsingen en filters die dit cijfer kent.")


class KeuzeSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()


class PeriodenSerializer(serializers.Serializer):
    eerste_dag = serializers.DateField()
    laatste_dag = serializers.DateField(help_text="Laatste dag met gegevens.")
    standaard = serializers.CharField(help_text="De periode zonder `periode`-parameter: het laatste hele jaar.")
    jaren = serializers.ListField(child=serializers.CharField())
    kwartalen = serializers.ListField(child=serializers.CharField())
    maanden = serializers.ListField(child=serializers.CharField())


class OptiesSerializer(serializers.Serializer):
    perioden = PeriodenSerializer()
    wetten = KeuzeSerializer(many=True)
    gemeenten = KeuzeSerializer(many=True, help_text="Gemeenten binnen uw bereik.")
    aanbieders = KeuzeSerializer(
        many=True, help_text="Aanbieders (AGB-code); voor een aanbieder-gebruiker staan andere aanbieders er "
                             "onder een neutraal label.")
    productcategorieen = KeuzeSerializer(many=True)
    leeftijdsklassen = KeuzeSerializer(many=True)
    uitsplitsingen = serializers.DictField(child=serializers.CharField(),
                                           help_text="Toegestane waarden van `by` bij `cijfers`, met betekenis.")


def _uitsplitsing(naam: str) -> serializers.CharField:
    return serializers.CharField(required=False, allow_null=True,
                                 help_text=f"Alleen bij `by={naam}`: {UITSPLITSINGEN[naam]}.")


class CijferSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="Id uit `indicatoren/`.")
    eenheid = serializers.CharField(help_text="Eenheid van `waarde` (uit de catalogus).")
    periode = serializers.CharField(help_text="Label van de (deel)periode: 2025, 2025-Q2, 2025-03.")
    periode_van = serializers.DateField()
    periode_tot = serializers.DateField(help_text="Laatste dag van de (deel)periode (inclusief).")
    wet = _uitsplitsing("wet")
    gemeente = _uitsplitsing("gemeente")
    regio = _uitsplitsing("regio")
    aanbieder = _uitsplitsing("aanbieder")
    productcategorie = _uitsplitsing("productcategorie")
    leeftijdsklasse = _uitsplitsing("leeftijdsklasse")
    geslacht = _uitsplitsing("geslacht")
    verwijzer = _uitsplitsing("verwijzer")
    postcodegebied = _uitsplitsing("postcodegebied")
    reden_beeindiging = serializers.CharField(
        required=False, allow_null=True, help_text="Alleen bij `beeindigd_per_reden`: de reden beëindiging.")
    waarde = serializers.FloatField(
        allow_null=True, help_text="Het cijfer; bij eenheid eurocent een geheel aantal centen; leeg als het niet "
                                   "te berekenen is (geen noemer).")
    teller = serializers.IntegerField(allow_null=True, help_text="Teller bij een aandeel of gemiddelde.")
    noemer = serializers.IntegerField(allow_null=True, help_text="Noemer bij een aandeel of gemiddelde.")


class StroomSerializer(serializers.Serializer):
    van = serializers.CharField(allow_null=True, help_text="Vorige vorm, aanbieder of productcategorie.")
    naar = serializers.CharField(allow_null=True, help_text="Volgende vorm, aanbieder of productcategorie.")
    overgang = serializers.CharField(help_text="Soort overgang (docs/paden.md), bijv. overstap, heraanmelding.")
    aantal = serializers.IntegerField()


# the breakdown columns a waiting or cost row can carry (those of the filters); a comment, not a docstring,
# since drf-spectacular would put a docstring into the subclasses' schema descriptions
class _FilterUitsplitsingen(serializers.Serializer):
    wet = _uitsplitsing("wet")
    gemeente = _uitsplitsing("gemeente")
    aanbieder = _uitsplitsing("aanbieder")
    productcategorie = _uitsplitsing("productcategorie")
    leeftijdsklasse = _uitsplitsing("leeftijdsklasse")


class WachtendSerializer(_FilterUitsplitsingen):
    wachtklasse = serializers.ChoiceField(choices=[naam for _, _, naam in WACHTKLASSEN])
    clienten = serializers.IntegerField(help_text="Aantal wachtende cliënten.")


class KostenSerializer(_FilterUitsplitsingen):
    betaald = serializers.IntegerField(help_text="Betaald (toegekende declaraties), eurocent.")
    budget = serializers.IntegerField(allow_null=True, help_text="Toegewezen budget naar rato, eurocent.")


class WachtendeSerializer(serializers.Serializer):
    wet = serializers.CharField()
    gemeente = serializers.CharField()
    aanbieder = serializers.CharField()
    productcategorie = serializers.CharField(allow_null=True)
    productcode = serializers.CharField(allow_null=True)
    client = serializers.CharField(help_text="Pseudoniem van de cliënt (nooit een BSN).")
    toewijzingnummer = serializers.IntegerField()
    eerste_toewijzingsdatum = serializers.DateField()
    wachtdagen = serializers.IntegerField()


class OngeldigeParameterSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="De parameter.")
    code = serializers.CharField()
    reason = serializers.CharField(help_text="Wat er mis is en wat wel kan.")


class FoutSerializer(serializers.Serializer):
    """Problem details (RFC 7807) as in the ZGW APIs of Common Ground."""

    type = serializers.CharField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    invalidParams = OngeldigeParameterSerializer(many=True, required=False)  # ZGW spells it so
