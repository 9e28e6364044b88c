"""Currencies: the ISO 4217 codes money may be in, and the symbols and words
reporting writes them with.

>>> "USD" in CODES, "XYZ" in CODES
(True, False)
>>> SYMBOLS["US$"], WORDS["dolar"]
('USD', 'USD')
"""

from __future__ import annotations

__all__ = ["CODES", "SYMBOLS", "WORDS"]

_LISTED = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV
BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE
CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD
HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD
KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV
MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB
RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT
TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF
XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW
ZWG ZWL
"""
CODES: frozenset[str] = frozenset(_LISTED.split())
"""The ISO 4217 alphabetic codes in use (with the funds, metals and testing
codes the standard lists), as of 2025."""

SYMBOLS: dict[str, str] = {
    "US$": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "HK$": "HKD", "S$": "SGD", "NZ$": "NZD", "R$": "BRL", "NT$": "TWD", "MX$": "MXN",
    "€": "EUR", "£": "GBP", "¥": "JPY", "JP¥": "JPY", "CN¥": "CNY", "₹": "INR", "₩": "KRW",
    "₽": "RUB", "₺": "TRY", "₪": "ILS", "Rp": "IDR", "RP": "IDR", "RM": "MYR", "Fr.": "CHF",
}
"""Currency symbols and prefixes, longest first when matched. A bare ``$`` is
the US dollar, as in the reporting this library is built for; pass
``currency=`` to read it otherwise."""

WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "dolar": "USD", "dólar": "USD", "dólares": "USD",
    "usd": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "sterling": "GBP", "livres": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rmb": "CNY", "rupiah": "IDR", "rupee": "INR", "rupees": "INR", "won": "KRW",
    "francs": "CHF", "franc": "CHF", "ringgit": "MYR",
}
"""Currency words in English, French and Indonesian ("dolar AS", "milliards de
dollars"); a word that is an ISO code reads as that code."""
