package dev.hackathon.infra.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The small price table kept in the repo ({@code prices.tsv}): hourly and per-GB-month list
 * prices per region, with the date they were taken. A tab-separated file, not YAML, so that
 * reading it costs {@code status} nothing measurable.
 */
public final class PriceTable {

    private final Map<String, Double> prices;
    private final String asOf;

    PriceTable(Map<String, Double> prices, String asOf) {
        this.prices = Map.copyOf(prices);
        this.asOf = asOf;
    }

    public static PriceTable load() {
        try (InputStream in = PriceTable.class.getResourceAsStream("/prices.tsv")) {
            if (in == null) {
                throw new IllegalStateException("prices.tsv missing from the jar");
            }
            Map<String, Double> prices = new HashMap<>();
            String asOf = "unknown";
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("# as-of\t")) {
                    asOf = line.substring("# as-of\t".length()).trim();
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                prices.put(f[0] + "|" + f[1], Double.parseDouble(f[3]));
            }
            return new PriceTable(prices, asOf);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String asOf() {
        return asOf;
    }

    /** A price for an item in a region; empty when the table does not know it (never a guess). */
    public Optional<Double> price(String region, String item) {
        return Optional.ofNullable(prices.get(region + "|" + item));
    }
}
