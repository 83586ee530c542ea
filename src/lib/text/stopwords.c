/*
 * Stop words: the function words of es, en, fr and pt (articles, prepositions,
 * conjunctions, pronouns, determiners, auxiliary and modal verb forms) that
 * carry no meaning for matching competency texts. Content words are never
 * listed, even frequent ones, because trades are told apart by them ("obra",
 * "trabajo", "bien", "logo", "or" stay). Entries are written folded (lowercase,
 * no accents, as pu_text_fold gives them) and kept in byte order so that a
 * lookup is a binary search; single letters left by elisions ("l'", "d'",
 * "n't", "'s") are listed too.
 */
#include "puente/text.h"

#include <string.h>

/* clang-format off */
static const char *const en_words[] = {
	"a", "about", "above", "after", "again", "against", "all", "also", "am",
	"an", "and", "any", "are", "as", "at", "be", "because", "been",
	"before", "being", "below", "between", "both", "but", "by", "can",
	"could", "did", "do", "does", "doing", "done", "during", "each",
	"either", "else", "etc", "few", "for", "from", "further", "had", "has",
	"have", "having", "he", "her", "here", "hers", "herself", "him",
	"himself", "his", "how", "however", "i", "if", "in", "into", "is", "it",
	"its", "itself", "may", "me", "might", "more", "most", "must", "my",
	"myself", "neither", "no", "nor", "not", "of", "on", "once", "only",
	"or", "other", "others", "our", "ours", "ourselves", "out", "over",
	"per", "s", "same", "shall", "she", "should", "so", "some", "such", "t",
	"than", "that", "the", "their", "theirs", "them", "themselves", "then",
	"there", "these", "they", "this", "those", "through", "thus", "to",
	"too", "under", "until", "up", "upon", "us", "very", "via", "was", "we",
	"were", "what", "when", "where", "whether", "which", "while", "who",
	"whom", "whose", "why", "will", "with", "within", "without", "would",
	"you", "your", "yours", "yourself", "yourselves",
};

static const char *const es_words[] = {
	"a", "al", "algo", "alguien", "algun", "alguna", "algunas", "alguno",
	"algunos", "ambas", "ambos", "ante", "antes", "aquel", "aquella",
	"aquellas", "aquellos", "aqui", "asi", "aun", "aunque", "cada", "casi",
	"como", "con", "contra", "cual", "cuales", "cualquier", "cuando",
	"cuanto", "cuya", "cuyas", "cuyo", "cuyos", "de", "debe", "deben",
	"del", "demas", "desde", "donde", "durante", "e", "el", "ella", "ellas",
	"ello", "ellos", "en", "entonces", "entre", "era", "eran", "es", "esa",
	"esas", "ese", "eso", "esos", "esta", "estaba", "estan", "estar",
	"estas", "este", "esto", "estos", "etc", "fue", "fueron", "ha", "habia",
	"han", "hasta", "hay", "he", "hemos", "la", "las", "le", "les", "lo",
	"los", "mas", "me", "mediante", "menos", "mi", "mientras", "mis",
	"misma", "mismas", "mismo", "mismos", "mucho", "muchos", "muy", "nada",
	"ni", "ninguna", "ninguno", "no", "nos", "nosotros", "nuestra",
	"nuestras", "nuestro", "nuestros", "o", "os", "otra", "otras", "otro",
	"otros", "para", "pero", "poco", "por", "porque", "puede", "pueden",
	"pues", "que", "quien", "quienes", "se", "sea", "sean", "segun", "ser",
	"si", "sido", "siendo", "sin", "sino", "sobre", "son", "su", "sus",
	"suya", "suyo", "tal", "tambien", "tampoco", "tan", "tanto", "te",
	"tiene", "tienen", "toda", "todas", "todo", "todos", "tras", "tu",
	"tus", "u", "un", "una", "unas", "uno", "unos", "usted", "ustedes",
	"vosotros", "y", "ya", "yo",
};

static const char *const fr_words[] = {
	"a", "afin", "ai", "ainsi", "alors", "apres", "as", "au", "aucun",
	"aucune", "aupres", "auquel", "aussi", "autre", "autres", "aux",
	"auxquels", "avait", "avant", "avec", "avez", "avoir", "avons", "c",
	"ca", "car", "ce", "ceci", "cela", "celle", "celles", "celui",
	"cependant", "ces", "cet", "cette", "ceux", "chacun", "chaque", "chez",
	"comme", "comment", "d", "dans", "de", "deja", "depuis", "des", "doit",
	"doivent", "donc", "dont", "du", "duquel", "elle", "elles", "en",
	"encore", "entre", "est", "et", "etaient", "etait", "etant", "etc",
	"ete", "etre", "eu", "eux", "ici", "il", "ils", "j", "je", "jusqu",
	"jusque", "l", "la", "laquelle", "le", "lequel", "les", "lesquelles",
	"lesquels", "leur", "leurs", "lors", "lorsqu", "lorsque", "lui", "m",
	"ma", "mais", "me", "meme", "memes", "mes", "moi", "moins", "mon", "n",
	"ne", "ni", "non", "nos", "notre", "nous", "on", "ont", "ou", "oui",
	"par", "parce", "parmi", "pas", "pendant", "peu", "peut", "peuvent",
	"plus", "plusieurs", "pour", "pourquoi", "puis", "qu", "quand", "que",
	"quel", "quelle", "quelles", "quelque", "quelques", "quels", "qui",
	"quoi", "s", "sa", "sans", "se", "selon", "sera", "seront", "ses", "si",
	"soi", "soit", "son", "sont", "sous", "suis", "sur", "t", "ta", "te",
	"tel", "telle", "telles", "tels", "tes", "toi", "ton", "toujours",
	"tous", "tout", "toute", "toutes", "tres", "tu", "un", "une", "unes",
	"uns", "vers", "via", "vos", "votre", "vous", "y",
};

static const char *const pt_words[] = {
	"a", "ainda", "ao", "aos", "apos", "aquela", "aquelas", "aquele",
	"aqueles", "aquilo", "as", "assim", "ate", "cada", "com", "como",
	"conforme", "contra", "cuja", "cujas", "cujo", "cujos", "da", "daquela",
	"daquele", "das", "de", "dela", "delas", "dele", "deles", "depois",
	"desde", "dessa", "desse", "desta", "destas", "deste", "destes", "deve",
	"devem", "disso", "disto", "do", "dos", "durante", "e", "ela", "elas",
	"ele", "eles", "em", "embora", "entao", "entre", "era", "eram", "essa",
	"essas", "esse", "esses", "esta", "estao", "estar", "estas", "estava",
	"este", "estes", "etc", "eu", "foi", "foram", "ha", "havia", "isso",
	"isto", "ja", "lhe", "lhes", "mais", "mas", "me", "mediante", "mesma",
	"mesmas", "mesmo", "mesmos", "meu", "meus", "minha", "minhas", "muita",
	"muitas", "muito", "muitos", "na", "nao", "naquela", "naquele", "nas",
	"nela", "nele", "nem", "nenhum", "nenhuma", "nessa", "nesse", "nesta",
	"neste", "nisso", "nisto", "no", "nos", "nossa", "nossas", "nosso",
	"nossos", "num", "numa", "o", "onde", "os", "ou", "outra", "outras",
	"outro", "outros", "para", "pela", "pelas", "pelo", "pelos", "pode",
	"podem", "pois", "por", "porem", "porque", "pouco", "quais", "qual",
	"quando", "quanto", "que", "quem", "se", "sem", "ser", "sera", "seu",
	"seus", "si", "sido", "sim", "so", "sob", "sobre", "sua", "suas", "tal",
	"tambem", "tanto", "te", "tem", "ter", "teu", "toda", "todas", "todo",
	"todos", "tu", "tua", "um", "uma", "umas", "uns", "via", "voce",
	"voces", "vos",
};

/* clang-format on */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char lang[3];
	const char *const *words;
	size_t n;
} lists[] = {
    {"en", en_words, COUNT(en_words)},
    {"es", es_words, COUNT(es_words)},
    {"fr", fr_words, COUNT(fr_words)},
    {"pt", pt_words, COUNT(pt_words)},
};

bool pu_text_stopword(const char *lang, const char *folded_word)
{
	size_t primary;

	if (lang == NULL || folded_word == NULL)
		return false;
	primary = strcspn(lang, "-");
	for (size_t i = 0; i < COUNT(lists); i++) {
		const char *const *w = lists[i].words;
		size_t lo = 0, hi = lists[i].n;

		if (primary != 2 || memcmp(lang, lists[i].lang, 2) != 0)
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(folded_word, w[mid]);

			if (c == 0)
				return true;
			if (c < 0)
				hi = mid;
			else
				lo = mid + 1;
		}
		return false;
	}
	return false;
}
