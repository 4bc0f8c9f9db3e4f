"""The shared bank of citizen lines, per persona type, that fills in when a scenario has few wordings.

Every line stays in the present (nothing that could not have happened yet), addresses the admin
with `{admin_term}` (from the persona, never a "Bapak/Ibu" slash form) and quotes the admin only
through `{quote}`, which the engine fills with words taken from the admin's own reply.
Lines may use the scenario placeholders too (see scenario_schema.PLACEHOLDERS).
"""

from __future__ import annotations

#: Persona types, most specific first; a citizen uses the first that applies, then "default".
PERSONA_TYPES = ("panicking", "elderly", "confused_by_jargon", "sarcastic", "repeat_complainant")

BANK: dict[str, dict[str, tuple[str, ...]]] = {
    "default": {
        "no_empathy": (
            "Saya ini sedang susah, {admin_term}. Tolong dipahami dulu keadaannya.",
            "Kok rasanya seperti bicara dengan mesin ya, {admin_term}?",
            "Jawaban seperti ini tidak menjawab kekhawatiran saya, {admin_term}.",
            "{admin_term}, saya menulis karena benar-benar butuh bantuan, bukan sekadar lapor.",
        ),
        "vague": (
            "Maksudnya bagaimana, {admin_term}? Saya perlu tahu apa yang dikerjakan dan kapan.",
            "Itu kapan, {admin_term}? Saya butuh kepastian, bukan janji umum.",
            "Lalu siapa yang datang dan kapan, {admin_term}?",
            "Saya masih belum tahu langkahnya apa, {admin_term}.",
        ),
        "vague_quote": (
            '"{quote}" itu kapan, {admin_term}? Saya perlu kepastian.',
            'Kalau cuma "{quote}", saya harus menunggu sampai kapan, {admin_term}?',
            '"{quote}" itu artinya apa untuk saya, {admin_term}? Siapa yang mengerjakan?',
        ),
        "calmed": (
            "Baik, {admin_term}, kalau begitu saya sedikit lega.",
            "Oh begitu. Terima kasih, {admin_term}, itu yang saya perlukan.",
            "Nah, kalau jelas begitu saya bisa menunggu, {admin_term}.",
            "Baik, saya pegang kata-katanya ya, {admin_term}.",
        ),
        "neutral": (
            "Iya, {admin_term}. Lalu langkah berikutnya apa?",
            "Baik. Terus bagaimana, {admin_term}?",
            "Hmm, lalu saya harus bagaimana, {admin_term}?",
            "Ya, {admin_term}. Jadi nanti seperti apa?",
            "Saya dengarkan, {admin_term}. Apa yang akan dilakukan?",
            "Oke, {admin_term}. Ada lagi yang perlu saya siapkan?",
            "Iya, saya masih di sini, {admin_term}.",
            "Baik, {admin_term}. Saya tunggu penjelasannya.",
        ),
        "confused": (
            'Maaf, {admin_term}, "{quote}" itu maksudnya apa?',
            'Saya kurang paham "{quote}" itu, {admin_term}. Bisa pakai bahasa biasa?',
            '"{quote}" itu apa ya, {admin_term}? Saya orang awam.',
        ),
        "repeated": (
            "Kok jawabannya sama terus, {admin_term}?",
            "Itu tadi sudah {admin_term} tulis. Saya butuh jawaban, bukan salinan.",
            "Jawabannya disalin lagi ya, {admin_term}? Saya jadi ragu ada yang membaca.",
            "Dari tadi kalimatnya sama saja, {admin_term}.",
        ),
        "needs_safety": (
            "Tolong, {admin_term}, sekarang saya harus apa dulu?!",
            "{admin_term}, saya harus bagaimana sekarang supaya aman?!",
            "Jangan tanya-tanya dulu, {admin_term}, saya harus ngapain sekarang?!",
        ),
        "rejects_ownership": (
            "Lalu saya harus lapor ke mana lagi, {admin_term}?",
            "Kok saya dioper lagi, {admin_term}? Saya lapor ke pemerintah kota.",
            "Jadi tidak ada yang mau mengurus, {admin_term}?",
        ),
        "blames_citizen": (
            "Kok malah saya yang disalahkan, {admin_term}?",
            "Saya melapor, bukan minta diceramahi, {admin_term}.",
            "Saya sudah berusaha, {admin_term}. Jangan begitu.",
        ),
        "impolite": (
            "Maaf, {admin_term}, saya bicara baik-baik lho.",
            "Nadanya kok begitu, {admin_term}?",
            "Saya tidak nyaman diperlakukan begini, {admin_term}.",
        ),
        "discloses_identity": (
            "Kenapa data pribadi saya ditulis di tempat umum, {admin_term}? Tolong dihapus.",
            "{admin_term}, itu data pribadi saya. Jangan disebar di sini.",
            "Saya tidak mau data saya dibaca orang lain, {admin_term}.",
        ),
        "resolved": (
            "Baik, {admin_term}, saya tunggu kabarnya sesuai janji ya. Terima kasih.",
            "Terima kasih, {admin_term}. Saya tunggu kabar berikutnya.",
            "Oke, {admin_term}, saya pegang janjinya. Terima kasih sudah dibantu.",
        ),
        "unresolved": (
            "Ya sudah, {admin_term}, saya coba cari jalan lain saja.",
            "Sudah lama begini belum juga jelas, {admin_term}. Saya cari cara lain saja.",
            "Saya tidak bisa menunggu terus, {admin_term}. Saya cari bantuan di tempat lain.",
        ),
        "gave_up": (
            "Sudahlah, {admin_term}. Saya lapor ke Ombudsman saja.",
            "Percuma, {admin_term}. Saya cari jalan lain.",
            "Cukup, {admin_term}. Saya tidak mau buang waktu lagi.",
        ),
        "ask_acknowledged": (
            "{admin_term}, saya ini sedang kesusahan, lho.",
            "Apa {admin_term} paham keadaan saya?",
            "Saya cuma ingin didengar dulu, {admin_term}.",
        ),
        "ask_facts": (
            "Ada yang perlu saya jelaskan lagi, {admin_term}?",
            "Perlu keterangan apa dari saya, {admin_term}?",
            "Mau saya kirim keterangan apa, {admin_term}?",
        ),
        "ask_action": (
            "Lalu apa yang dikerjakan, dan siapa yang turun, {admin_term}?",
            "Sekarang langkahnya apa, {admin_term}?",
            "Jadi kapan ada yang turun tangan, {admin_term}?",
            "Yang bisa dilakukan hari ini apa, {admin_term}?",
        ),
        "ask_followup": (
            "Terus kabarnya nanti lewat mana, {admin_term}?",
            "Saya dikabari kapan, {admin_term}?",
            "Bagaimana saya tahu perkembangannya, {admin_term}?",
            "Kalau ada perkembangan, saya diberi tahu lewat apa, {admin_term}?",
        ),
        "ask_safety": (
            "Sekarang saya harus apa supaya aman, {admin_term}?",
            "{admin_term}, saya harus menjauh atau bagaimana?",
            "Yang harus saya lakukan sekarang apa, {admin_term}?",
        ),
        "already_told": (
            "Sudah saya sebutkan tadi, {admin_term}.",
            "Kan tadi sudah saya jawab, {admin_term}.",
            "Itu sudah saya bilang, {admin_term}. Lalu bagaimana?",
        ),
        "recall": (
            'Tadi {admin_term} bilang "{quote}". Jadi pastinya bagaimana?',
            'Lho, tadi katanya "{quote}". Itu masih berlaku, {admin_term}?',
            'Saya ingat tadi {admin_term} tulis "{quote}". Jangan berubah-ubah ya.',
        ),
    },
    "elderly": {
        "already_told": (
            "Tadi sudah saya bilang, Nak...",
            "Lho, sudah saya ceritakan tadi, Nak.",
            "Nak, itu sudah saya jawab tadi.",
        ),
        "ask_action": (
            "Terus siapa yang nanti mengurus, Nak?",
            "Nak, saya harus ke mana? Atau ada yang datang?",
            "Jadi saya harus bagaimana sekarang, Nak?",
        ),
        "ask_followup": (
            "Nanti saya dikabari, Nak? Lewat apa?",
            "Nak, nanti saya tahu kabarnya dari mana?",
            "Kapan saya dikabari, Nak?",
        ),
        "no_empathy": (
            "Nak, saya ini sudah tua, tolong dibantu pelan-pelan.",
            "Aduh, Nak... saya bingung harus bagaimana.",
            "Nak, saya cuma ingin tahu nasib saya bagaimana.",
        ),
        "vague": (
            "Terus saya harus bagaimana, Nak? Saya tidak mengerti.",
            "Maksudnya saya menunggu di rumah saja, Nak?",
            "Pelan-pelan, Nak... siapa yang nanti datang?",
        ),
        "vague_quote": (
            'Nak, "{quote}" itu maksudnya apa? Saya tidak paham.',
            '"{quote}" itu kapan, Nak? Saya sudah tua, tidak bisa menunggu lama.',
            'Saya tidak mengerti "{quote}" itu, Nak.',
        ),
        "calmed": (
            "Oh begitu... terima kasih ya, Nak.",
            "Syukurlah, Nak. Saya jadi tenang.",
            "Iya, Nak, saya mengerti sekarang. Terima kasih.",
        ),
        "neutral": (
            "Iya, Nak... lalu bagaimana?",
            "Maaf Nak, bisa diulang pelan-pelan?",
            "Iya, iya, Nak. Terus?",
            "Nak, saya masih mendengarkan.",
        ),
        "confused": (
            'Nak, "{quote}" itu apa? Saya tidak paham.',
            'Aduh, "{quote}"... saya tidak mengerti, Nak. Pakai bahasa biasa saja.',
            'Maaf Nak, "{quote}" itu maksudnya bagaimana?',
            "Nak, saya bingung... bisa dijelaskan pelan-pelan?",
        ),
        "repeated": (
            "Nak, itu tadi sudah dibilang... saya tetap tidak paham.",
            "Kok sama terus, Nak? Saya makin bingung.",
            "Nak, jangan diulang-ulang, dijelaskan saja pelan-pelan.",
        ),
        "resolved": (
            "Terima kasih, Nak. Saya tunggu kabarnya ya.",
            "Iya, Nak, saya tunggu. Terima kasih sudah sabar.",
            "Baik, Nak, saya tunggu di rumah. Terima kasih.",
        ),
        "unresolved": (
            "Ya sudah, Nak, saya tanya ke Pak RT saja.",
            "Nanti biar cucu saya saja yang mengurus, Nak.",
            "Ya sudah, Nak. Saya tanya tetangga saja.",
        ),
        "gave_up": (
            "Sudah, Nak, saya capek. Saya tanya Pak RT saja.",
            "Nak, saya tidak kuat lagi. Biar cucu saya saja nanti.",
            "Ya sudahlah, Nak. Saya pulang saja.",
        ),
    },
    "confused_by_jargon": {
        "confused": (
            'Maaf, "{quote}" itu apa ya, {admin_term}? Saya awam soal begini.',
            'Saya tidak paham istilah "{quote}", {admin_term}. Maksudnya apa?',
            '"{quote}" itu artinya bagaimana, {admin_term}? Tolong pakai bahasa sederhana.',
        ),
    },
    "panicking": {
        "needs_safety": (
            "Tolong, {admin_term}! Saya harus ngapain sekarang?!",
            "{admin_term}, cepat, saya harus bagaimana sekarang?!",
            "Aduh, {admin_term}, jangan tanya dulu, bilang saya harus apa!",
            "Tolong {admin_term}, saya takut sekali, saya harus bagaimana?!",
        ),
        "calmed": (
            "Iya, iya, {admin_term}, saya ikuti. Tolong cepat ya.",
            "Baik, {admin_term}, saya lakukan sekarang.",
            "Oke, {admin_term}... saya coba tenang.",
        ),
        "neutral": (
            "Iya, {admin_term}, terus?!",
            "{admin_term}, tolong cepat ya!",
            "Saya masih di sini, {admin_term}!",
            "Iya, {admin_term}, lalu bagaimana?!",
        ),
        "resolved": (
            "Iya, {admin_term}, saya tunggu petugasnya di tempat aman. Terima kasih.",
            "Baik, {admin_term}, saya tunggu sesuai arahan. Terima kasih.",
            "Terima kasih, {admin_term}. Saya tunggu di sini, di tempat yang aman.",
        ),
    },
    "sarcastic": {
        "no_empathy": (
            "Wah, jawabannya hangat sekali ya, {admin_term}.",
            "Mantap, {admin_term}, seperti balasan mesin penjawab.",
            "Luar biasa pedulinya, {admin_term}. Terharu saya.",
        ),
        "vague": (
            "Wah, jelas sekali ya, {admin_term}. Jelas tidak ada jawabannya.",
            "Siap, {admin_term}, saya tunggu sampai lebaran kuda.",
            "Hebat, {admin_term}, janjinya tanpa tanggal.",
        ),
        "vague_quote": (
            '"{quote}"? Wah, klasik sekali, {admin_term}.',
            'Oh, "{quote}". Sudah hafal saya kalimat itu, {admin_term}.',
            '"{quote}" versi berapa ini, {admin_term}?',
        ),
        "neutral": (
            "Oke, {admin_term}. Kita lihat saja nanti.",
            "Baik, {admin_term}. Saya simak dulu.",
            "Hmm, lalu, {admin_term}?",
            "Siap, {admin_term}. Terus?",
        ),
        "repeated": (
            "Kok jawabannya sama terus? Copy-paste ya, {admin_term}?",
            "Wah, template lagi. Konsisten sekali, {admin_term}.",
            "Salinan yang rapi, {admin_term}. Sayang tidak menjawab.",
        ),
        "calmed": (
            "Nah, gitu dong, {admin_term}. Ditunggu buktinya.",
            "Oke, {admin_term}, kali ini saya percaya dulu.",
            "Tumben jelas, {admin_term}. Saya tunggu ya.",
        ),
    },
    "repeat_complainant": {
        "vague": (
            "Dulu juga bilangnya begitu, {admin_term}, dan tidak ada yang datang.",
            "Janji seperti ini sudah pernah saya dengar, {admin_term}.",
            "{admin_term}, saya sudah lapor sebelumnya. Jangan jawab seperti dulu lagi.",
        ),
        "neutral": (
            "Baik, {admin_term}, tapi kali ini jangan seperti kemarin ya.",
            "Saya catat, {admin_term}. Kemarin juga dicatat, lho.",
            "Iya, {admin_term}. Lalu bedanya dengan laporan saya yang dulu apa?",
        ),
    },
}
